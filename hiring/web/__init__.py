"""The web layer: one blueprint per user group. Views load, build a form, validate, call one
service, commit once and redirect."""
