"""Workforce code sets. Each value is stable (stored, exported, used by the API)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from seedling.access.roles import Role
from seedling.audit.enums import Action
from seedling.core import division_codes as codes
from seedling.workforce import coverage, duties


class WorkerRole(models.TextChoices):
    # 儿童督导员: 乡镇人民政府（街道办事处）负责儿童关爱服务工作的人员 (川民政厅 2020 专项行动实施方案 二;
    # 吉民发〔2018〕41号 一（一）).
    SUPERVISOR = coverage.SUPERVISOR, _("Child supervisor")
    # 儿童主任: 村（居）民委员会中负责儿童关爱服务工作的人员 (川民政厅 2020 专项行动实施方案 二;
    # 吉民发〔2018〕41号 一（一）).
    DIRECTOR = coverage.DIRECTOR, _("Child director")


# The division level each post is held at, and the account role that matches it.
ROLE_LEVEL: dict[str, int] = {WorkerRole.SUPERVISOR: codes.TOWNSHIP, WorkerRole.DIRECTOR: codes.VILLAGE}
ACCOUNT_ROLE: dict[str, str] = {
    WorkerRole.SUPERVISOR: Role.TOWNSHIP_SUPERVISOR,
    WorkerRole.DIRECTOR: Role.VILLAGE_DIRECTOR,
}

# Chinese labels used in the roster workbook, whatever the interface language.
ROLE_LABEL_ZH: dict[str, str] = {WorkerRole.SUPERVISOR: "儿童督导员", WorkerRole.DIRECTOR: "儿童主任"}


class Employment(models.TextChoices):
    # 吉民发〔2018〕41号 一: 在各个乡镇、村居指定一名从事儿童工作的专兼职人员; 云南 2018 实施方案 工作队伍:
    # 专职或兼职.
    FULL_TIME = "full_time", _("Full-time")  # 专职
    PART_TIME = "part_time", _("Part-time")  # 兼职


EMPLOYMENT_LABEL_ZH: dict[str, str] = {Employment.FULL_TIME: "专职", Employment.PART_TIME: "兼职"}


class TrainingKind(models.TextChoices):
    # 吉民发〔2018〕41号 一（三）: 初任培训考核合格后，发放《儿童督导员培训合格证》或《儿童主任培训合格证》.
    INITIAL = "initial", _("Initial training")  # 初任培训
    # 吉民发〔2018〕41号 一（三）: 每年至少培训1次; 云南 2018 实施方案 业务培训: 每年不少于1次的集中培训.
    ANNUAL = "annual", _("Yearly training")  # 年度（集中）培训
    OTHER = "other", _("Other training")  # 专题培训等


class DutyList(models.TextChoices):
    # 晋政民〔2024〕46号 二（二）: 制定儿童主任责任清单和关爱服务内容清单.
    RESPONSIBILITY = duties.RESPONSIBILITY, _("Responsibility list")  # 责任清单
    SERVICE = duties.SERVICE, _("Service list")  # 关爱服务内容清单


class ItemResult(models.TextChoices):
    MET = "met", _("Done")  # 完成
    PARTLY = "partly", _("Partly done")  # 部分完成
    NOT_MET = "not_met", _("Not done")  # 未完成


class EvaluationGrade(models.TextChoices):
    # 晋政民〔2024〕46号 asks for periodic evaluation without fixing a scale; these are the four grades of
    # common Chinese staff appraisal (优秀/称职/基本称职/不称职) [K].
    EXCELLENT = "excellent", _("Excellent")  # 优秀
    COMPETENT = "competent", _("Competent")  # 称职
    BASIC = "basic", _("Basically competent")  # 基本称职
    NOT_COMPETENT = "not_competent", _("Not competent")  # 不称职


class MismatchKind(models.TextChoices):
    # 川民政厅 2020 专项行动实施方案 四（二）:
    # 儿童督导员、儿童主任数量与系统行政区划信息中乡镇（街道）、村（居）数量不匹配的，
    # 要提供书面说明.
    SUPERVISORS = coverage.SUPERVISOR, _("Supervisors against townships")
    DIRECTORS = coverage.DIRECTOR, _("Directors against villages")


class AuditAction:
    """Audit actions of the workforce: the members of the one audit vocabulary, audit.enums.Action."""

    WORKER_CREATED = Action.WORKER_CREATED
    WORKER_UPDATED = Action.WORKER_UPDATED
    WORKER_LINKED = Action.WORKER_LINKED
    APPOINTMENT_ADDED = Action.APPOINTMENT_ADDED
    APPOINTMENT_ENDED = Action.APPOINTMENT_ENDED
    APPOINTMENT_UPDATED = Action.APPOINTMENT_UPDATED
    TRAINING_RECORDED = Action.TRAINING_RECORDED
    ATTENDANCE_RECORDED = Action.ATTENDANCE_RECORDED
    CERTIFICATE_ISSUED = Action.CERTIFICATE_ISSUED
    EVALUATION_RECORDED = Action.EVALUATION_RECORDED
    EXPLANATION_FILED = Action.MISMATCH_EXPLAINED
    EXPLANATIONS_FORWARDED = Action.MISMATCH_FORWARDED
    ROSTER_IMPORTED = Action.ROSTER_IMPORTED
