"""Non-ASN workers (THL, PJLP, honorer; DOMAIN.md §5): their yearly contracts (SPK) and the official SPK PDF,
warnings from lisan to SP3 and termination, the quarterly or yearly evaluation, the renewal decision, and the
monthly honorarium recap of an OPD (closed like a TPP month). Attendance is the attendance area's: the same
import, shifts and daily statuses as ASN. ``docs/workers.md`` tells the whole story."""
