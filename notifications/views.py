from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from notifications import services
from notifications.models import Notification


@login_required
@require_safe
def notification_list(request):
    qs = Notification.objects.filter(user=request.user)
    unread = request.GET.get("ongelezen") == "1"  # a filter on every list
    if unread:
        qs = qs.filter(read_at__isnull=True)
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    extra = "&ongelezen=1" if unread else ""
    return render(request, "notifications/list.html", {"page": page, "unread": unread, "extra": extra})


@login_required
@require_POST
def notification_read(request, pk):
    services.mark_read(user=request.user, notification_id=pk)
    n = Notification.objects.filter(pk=pk, user=request.user).first()
    return redirect(n.link if n and n.link else "notifications")
