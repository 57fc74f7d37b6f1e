"""What an audit event records. Values are stable: auditors filter and export by them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    LOGIN = "login", _("Signed in")
    LOGIN_FAILED = "login_failed", _("Sign-in failed")
    LOGOUT = "logout", _("Signed out")
    LOCKED_OUT = "locked_out", _("Locked out after repeated failures")
    ACCOUNT_CREATED = "account_created", _("Account created")
    ACCOUNT_DISABLED = "account_disabled", _("Account disabled")
    ACCOUNT_ENABLED = "account_enabled", _("Account enabled")
    ROLE_GRANTED = "role_granted", _("Role granted")
    ROLE_REVOKED = "role_revoked", _("Role revoked")
    PASSWORD_CHANGED = "password_changed", _("Password changed")
    # Later capabilities: PIPL art. 51 / docs/rules/privacy.md — every read of a personal file and every
    # export.
    FILE_VIEWED = "file_viewed", _("Personal file viewed")
    LIST_VIEWED = "list_viewed", _("List of people viewed")
    VALUE_REVEALED = "value_revealed", _("Masked value revealed")
    EXPORTED = "exported", _("List exported")
    BULLETIN_ISSUED = "bulletin_issued", _("Monthly bulletin issued")
    FILE_MERGED = "file_merged", _("Duplicate file merged")
    TRANSFER_REQUESTED = "transfer_requested", _("Transfer requested")
    TRANSFER_APPROVED = "transfer_approved", _("Transfer approved")
    TRANSFER_REJECTED = "transfer_rejected", _("Transfer rejected")
    TRANSFER_CANCELLED = "transfer_cancelled", _("Transfer cancelled")
    # Workforce (川民政厅 2020 专项行动实施方案 四, 云南 2018 实施方案/004: real-name registration, training,
    # coverage explanations).
    WORKER_CREATED = "worker_created", _("Worker registered")
    WORKER_UPDATED = "worker_updated", _("Worker updated")
    WORKER_LINKED = "worker_account_linked", _("Worker linked to an account")
    APPOINTMENT_ADDED = "appointment_added", _("Appointment added")
    APPOINTMENT_ENDED = "appointment_ended", _("Appointment ended")
    APPOINTMENT_UPDATED = "appointment_updated", _("Appointment updated")
    TRAINING_RECORDED = "training_recorded", _("Training recorded")
    ATTENDANCE_RECORDED = "attendance_recorded", _("Training attendance recorded")
    CERTIFICATE_ISSUED = "certificate_issued", _("Certificate issued")
    EVALUATION_RECORDED = "evaluation_recorded", _("Director evaluation recorded")
    MISMATCH_EXPLAINED = "mismatch_explained", _("Coverage mismatch explained")
    MISMATCH_FORWARDED = "mismatch_forwarded", _("Coverage explanations forwarded")
    ROSTER_IMPORTED = "roster_imported", _("Roster imported")
    # Institutions and children's homes (云南 2018 实施方案, 吉民发〔2018〕41号).
    INSTITUTION_CREATED = "institution_created", _("Institution registered")
    INSTITUTION_UPDATED = "institution_updated", _("Institution updated")
    INSTITUTION_CLOSED = "institution_closed", _("Institution closed")
    HOME_COVERAGE_CHANGED = "home_coverage_changed", _("Children's home coverage changed")
    HOME_ACTIVITY_RECORDED = "home_activity_recorded", _("Children's home activity recorded")
    CHILD_COUNT_SET = "child_count_set", _("Village child population entered")
    # Registries: the county confirms orphan / de facto unsupported status; provinces set policy.
    REGISTRY_CONFIRMED = "registry_confirmed", _("Registry entry confirmed")
    REGISTRY_REJECTED = "registry_rejected", _("Registry entry not confirmed")
    POLICY_CHANGED = "policy_changed", _("Provincial policy parameters changed")
    # Excel exchange: every import job committed and every export job, with their counts.
    IMPORTED = "imported", _("Ledger imported")
    # Division code changes (川民政厅 2020 专项行动实施方案 附件1): files, posts, figures moved.
    DIVISIONS_RECODED = "divisions_recoded", _("Files moved to a new division code")
    # Care on the ground: visits, risk levels, pairing, care needs, visit frequencies.
    VISIT_RECORDED = "visit_recorded", _("Visit recorded")
    RISK_SET = "risk_set", _("Guardianship risk level set")
    PAIRING_SET = "pairing_set", _("Pairing helper assigned")
    CARE_NEED_ADDED = "care_need_added", _("Care need listed")
    CARE_SERVICE_RECORDED = "care_service_recorded", _("Care service recorded")
    VISIT_POLICY_CHANGED = "visit_policy_changed", _("Visit frequencies changed")
    # Protection: reports, cases and their steps, and the orphan / de facto unsupported application.
    REPORT_RAISED = "report_raised", _("Protection report raised")
    CASE_STEP = "case_step", _("Protection case step recorded")
    CASE_VIEWED = "case_viewed", _("Protection case viewed")
    APPLICATION_LODGED = "application_lodged", _("Application lodged")
    APPLICATION_STEP = "application_step", _("Application step recorded")
    # The file's workflow, verification rounds and spot checks (docs/rules/workflow.md).
    FILE_STATUS_CHANGED = "file_status_changed", _("File status changed")
    ROUND_OPENED = "round_opened", _("Verification round opened")
    ROUND_FILE_CHECKED = "round_file_checked", _("File verified door to door")
    ROUND_FILE_REVIEWED = "round_file_reviewed", _("Verified file reviewed")
    ROUND_SIGNED_OFF = "round_signed_off", _("Township signed off")
    SPOT_CHECK_DRAWN = "spot_check_drawn", _("Spot check drawn")
    SPOT_CHECK_REDRAW_REFUSED = "spot_check_redraw_refused", _("Spot check redraw refused")
    SPOT_CHECK_RECORDED = "spot_check_recorded", _("Spot-check result recorded")
    CORRECTION_RESOLVED = "correction_resolved", _("Correction task closed")
    VERIFICATION_POLICY_CHANGED = "verification_policy_changed", _("Spot-check ratios changed")
