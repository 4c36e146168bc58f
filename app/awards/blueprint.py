"""The awards blueprint; its routes live in setup_routes (instruments, categories) and routes (rounds)."""

from flask import Blueprint

bp = Blueprint("awards", __name__)
