from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from notifications import services
from notifications.models import Notification


@login_required
def notification_list(request):
    page = Paginator(Notification.objects.filter(user=request.user), 25).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {"page": page})


@login_required
@require_POST
def notification_read(request, pk):
    services.mark_read(user=request.user, notification_id=pk)
    n = Notification.objects.filter(pk=pk, user=request.user).first()
    return redirect(n.link if n and n.link else "notifications")
