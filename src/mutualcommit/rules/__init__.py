"""Policy checks: the rule catalogue, policies, findings and `check`."""

from ._catalogue import RULES
from ._check import check
from ._codes import CODES
from ._context import Context, NoRuleRunningError
from ._findings import (
    REPORT_FORMAT,
    Finding,
    Param,
    ParamInput,
    Report,
    Severity,
    report_to_dict,
)
from ._messages import MESSAGES, format_message, template_key
from ._policy import DEFAULT_POLICY, Policy, PolicyError, Rule, Waiver
from ._policy_json import (
    policy_from_dict,
    policy_from_json,
    policy_to_dict,
    policy_to_json,
)
from ._rule import CatalogueRule

__all__ = [
    "CODES",
    "DEFAULT_POLICY",
    "MESSAGES",
    "REPORT_FORMAT",
    "RULES",
    "CatalogueRule",
    "Context",
    "Finding",
    "NoRuleRunningError",
    "Param",
    "ParamInput",
    "Policy",
    "PolicyError",
    "Report",
    "Rule",
    "Severity",
    "Waiver",
    "check",
    "format_message",
    "policy_from_dict",
    "policy_from_json",
    "policy_to_dict",
    "policy_to_json",
    "report_to_dict",
    "template_key",
]
