"""The use cases of the non-ASN area: ``contracts`` (draft, sign with the SPK, renew, terminate, the renewal
decision), ``conduct`` (warnings and evaluations), ``settings`` (the OPD's dated rules) and ``honor`` (the
monthly honorarium: worked out, closed, reopened)."""
