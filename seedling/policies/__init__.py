"""Dated provincial parameters: one mechanism for every set of rules a province sets for itself.

The notices leave some rules to provinces
(docs/architecture.md#rule-4-policy-is-pure-python-with-explicit-time: parameters, not constants): the
eligibility thresholds (registries) and the visit frequencies by risk level (visits). Each is a
*kind* of `ProvincePolicy`: dated versions with JSON parameters, read with `seedling.core.dated`,
validated by the kind, set through `services.version_set`, edited on a page built from `forms`.
"""
