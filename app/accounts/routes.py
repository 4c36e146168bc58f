from flask import Blueprint, abort, current_app, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.accounts import services
from app.accounts.access import access, public, scoped
from app.accounts.forms import ChangePasswordForm, GrantForm, LoginForm, UserForm, role_labels
from app.accounts.models import RoleAssignment, User
from app.core.errors import Refused
from app.core.forms import EmptyForm, act, save, submit
from app.core.htmx import redirect_htmx, render
from app.core.http import safe_next
from app.extensions import db, limiter
from app.org.models import Employee, Unit
from app.org.rules import normalise_id

bp = Blueprint("accounts", __name__)


@bp.route("/login", methods=["GET", "POST"])
@public
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def login():
    if current_user.is_authenticated and request.method == "GET":
        return redirect(url_for("home.index"))
    form = LoginForm(next=request.args.get("next", ""))
    status = 200
    if form.validate_on_submit():
        try:
            user = services.authenticate(
                form.identifier.data,
                form.password.data,
                current_app.config["LOGIN_MAX_FAILURES"],
                current_app.config["LOGIN_LOCK_MINUTES"],
            )
        except Refused as refused:
            db.session.commit()  # keep the failure count (a refused login still writes: not ``submit``)
            form.form_errors.append(str(refused.message))
            status = 422
        else:
            db.session.commit()
            session.clear()
            login_user(user, remember=form.remember.data)
            session.permanent = True
            return redirect_htmx(safe_next(form.next.data))
    elif request.method == "POST":
        status = 422
    return render("accounts/login.html", "form", status=status, form=form)


@bp.post("/logout")
@access("self")
def logout():
    """Ends this user's sessions: the old session and remember-me cookies no longer log anyone in."""
    _end_sessions()
    return redirect_htmx(url_for("accounts.login"))


@bp.post("/account/sessions/end")
@access("self")
def logout_everywhere():
    """"Log out everywhere": the same as logging out, said so, for a user who left a session open elsewhere."""
    if not EmptyForm().validate_on_submit():
        abort(400)
    _end_sessions()
    flash(_("You are logged out on every computer and phone. Log in again here."), "success")
    return redirect_htmx(url_for("accounts.login"))


def _end_sessions() -> None:
    current_user.end_sessions()
    db.session.commit()
    logout_user()
    locale = session.get("locale")
    session.clear()
    if locale:
        session["locale"] = locale


@bp.post("/language")
@public
def language():
    locale = request.form.get("locale")
    if locale in current_app.config["LANGUAGES"]:
        session["locale"] = locale
        if current_user.is_authenticated:
            current_user.locale = locale
            db.session.commit()
    return redirect(safe_next(request.form.get("next")), code=303)


@bp.route("/account/password", methods=["GET", "POST"])
@access("self")
def change_password():
    form = ChangePasswordForm()
    remembered = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token") in request.cookies

    def work():
        services.change_password(current_user, form.current_password.data, form.new_password.data)
        return current_user._get_current_object()

    def carry_on(user):
        login_user(user, remember=remembered)  # this session goes on under the new token; the others ended
        return url_for("home.index")

    return save(form, work, field="new_password",
                done=_("Your password has been changed. Your other sessions have ended."), then=carry_on,
                page=lambda status: _password_page(form, status))


def _password_page(form, status: int):
    return render("accounts/password.html", "form", status=status, form=form, title=_("Change password"),
                  action=url_for("accounts.change_password"))


@bp.get("/users")
@access("accounts.manage")
def users():
    q = request.args.get("q", "").strip().lower()
    stmt = select(User).options(selectinload(User.roles).joinedload(RoleAssignment.unit),
                                selectinload(User.employee)).order_by(User.username)
    if q:
        stmt = stmt.outerjoin(Employee, User.employee_id == Employee.id).where(
            User.username.contains(q, autoescape=True) | Employee.name_search.contains(q, autoescape=True)
            | Employee.nip.startswith(normalise_id(q) or q, autoescape=True)
        )
    page = db.paginate(stmt, per_page=current_app.config["PAGE_SIZE"], error_out=False)
    return render("accounts/users.html", "results", page=page, q=q, role_labels=role_labels())


@bp.route("/users/new", methods=["GET", "POST"])
@access("accounts.manage")
def user_new():
    form = UserForm()

    def work():
        number = form.employee_number.data
        return services.create_user(form.username.data, form.password.data,
                                    services.employee_with_number(number) if number else None,
                                    must_change_password=True)

    saved, user = submit(form, work, field="username")
    if saved:
        flash(_("Account %(u)s created. Now grant it roles.", u=user.username), "success")
        return redirect_htmx(url_for("accounts.user_detail", user_id=user.id))
    return render("accounts/user_new.html", "form", status=user, form=form, title=_("New account"),
                  action=url_for("accounts.user_new"), back=url_for("accounts.users"), crumb=_("Accounts"))


def _grant_form() -> GrantForm:
    form = GrantForm()
    form.role.choices = list(role_labels().items())
    units = db.session.execute(select(Unit.id, Unit.name, Unit.depth).where(scoped(current_user, "accounts.manage",
                                                                                  Unit)).order_by(Unit.path)).all()
    form.unit_id.choices = [("", _("— whole installation (admin only) —"))] + [
        (u.id, "\u2003" * u.depth + u.name) for u in units
    ]
    return form


def _detail(user: User, grant_form: GrantForm, status: int = 200):
    return render("accounts/user_detail.html", status=status, user=user, grant_form=grant_form,
                  role_labels=role_labels())


@bp.get("/users/<int:user_id>")
@access("accounts.manage", user_id=User)
def user_detail(user):
    return _detail(user, _grant_form())


@bp.post("/users/<int:user_id>/roles")
@access("accounts.manage", params={"unit_id": Unit}, user_id=User)
def user_grant(user, unit):
    """Grant a role over ``unit_id`` of the form (checked by the gate; none: the whole installation)."""
    form = _grant_form()
    return save(form, lambda: services.grant(user, form.role.data, unit), field="role", done=_("Role granted."),
                then=url_for("accounts.user_detail", user_id=user.id), page=lambda status: _detail(user, form, 422))


@bp.post("/users/<int:user_id>/roles/<int:assignment_id>/revoke")
@access("accounts.manage", user_id=User)
def user_revoke(user, assignment_id: int):
    assignment = next((a for a in user.roles if a.id == assignment_id), None)
    if assignment is None:
        abort(404)
    return act(EmptyForm(), lambda: services.revoke(user, assignment), done=_("Role removed."),
               back=url_for("accounts.user_detail", user_id=user.id))


@bp.post("/users/<int:user_id>/reset-password")
@access("accounts.manage", user_id=User)
def user_reset_password(user):
    """Not ``act``: the message shows what the service returned (the one-time password)."""
    if not EmptyForm().validate_on_submit():
        abort(400)
    temporary = services.reset_password(user)
    db.session.commit()
    flash(_("New one-time password for %(u)s: %(p)s (shown once; the user must change it at login).",
            u=user.username, p=temporary), "success")
    return redirect_htmx(url_for("accounts.user_detail", user_id=user.id))


@bp.post("/users/<int:user_id>/active")
@access("accounts.manage", user_id=User)
def user_toggle_active(user):
    enable = not user.active
    return act(EmptyForm(), lambda: services.set_active(user, enable, current_user),
               done=_("Account enabled.") if enable else _("Account disabled."),
               back=url_for("accounts.user_detail", user_id=user.id))
