from cases import policies


def audit_menu(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    audit, access = policies.audit_swvs(user), policies.access_log_swvs(user)
    members = policies.membership_changes_swvs(user)
    return {
        "may_audit": audit is None or bool(audit),
        "may_read_access_log": access is None or bool(access),
        "may_review_memberships": members is None or bool(members),
    }
