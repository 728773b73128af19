"""Two-factor login (TOTP, django-otp) for the privileged roles.

After the password login, `RequireOTPMiddleware` sends a user of a privileged role whose session is not
OTP-verified to the verify page, or to the set-up page (QR code as SVG and the secret) when they have no
confirmed device yet. Enforcement follows settings.OTP_REQUIRED (on by default). The set-up page first asks
for a one-time enrolment code (audit/enrolment.py), so a password alone never suffices to enrol an
authenticator.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from cases import policies
from cases.roles import Role

OTP_ROLES = {
    Role.BESLISSER,
    Role.CVA_LID,
    Role.CVA_VOORZITTER,
    Role.AUDITOR,
    Role.BEHEERDER,
    Role.PRIVACY_OFFICER,
    Role.ARCHIVARIS,
}
EXEMPT_URL_NAMES = {"login", "logout", "otp_verify", "otp_setup", "set_language", "schema", "docs"}


def otp_required_for(user) -> bool:
    if not getattr(settings, "OTP_REQUIRED", True) or not user.is_authenticated:
        return False
    scope = policies.scope_of(user)
    return bool(scope.roles & OTP_ROLES) or user.is_superuser or user.is_staff


class RequireOTPMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified() or not otp_required_for(user):
            return None
        match = request.resolver_match
        if match and match.url_name in EXEMPT_URL_NAMES:
            return None
        if request.path.startswith(
            settings.STATIC_URL if settings.STATIC_URL.startswith("/") else "/static/"
        ):
            return None
        if request.path.startswith("/api/"):  # the API answers, it does not redirect
            from django.http import JsonResponse

            return JsonResponse(
                {
                    "code": "tweestaps-vereist",
                    "detail": _("Rond eerst de tweestapsverificatie af in de applicatie."),
                    "field": None,
                },
                status=403,
            )
        target = "otp_verify" if confirmed_device(user) else "otp_setup"
        return redirect(f"{reverse(target)}?next={request.get_full_path()}")


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


class TokenForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Code uit de authenticator-app"),
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class EnrolmentCodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Inschrijfcode"),
        max_length=40,
        help_text=gettext_lazy(
            "De eenmalige code die u van de beheerder van uw samenwerkingsverband kreeg of per e-mail "
            "ontving."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autofocus": True}),
    )


ENROLMENT_SESSION_KEY = "otp_enrolment_code_user"


def _next(request):
    nxt = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        nxt, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return nxt
    return reverse("home")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def otp_verify(request):
    device = confirmed_device(request.user)
    if device is None:
        return redirect("otp_setup")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"].strip()):
            otp_login(request, device)
            request.session.cycle_key()
            return redirect(_next(request))
        form.add_error("token", _("Deze code klopt niet (of is al gebruikt). Probeer de volgende code."))
    return render(request, "registration/otp_verify.html", {"form": form, "next": _next(request)})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def otp_setup(request):
    if confirmed_device(request.user) is not None:
        return redirect("otp_verify")
    if request.session.get(ENROLMENT_SESSION_KEY) != request.user.pk:
        return _enrolment_code_step(request)
    device, _created = TOTPDevice.objects.get_or_create(
        user=request.user, confirmed=False, defaults={"name": "authenticator"}
    )
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"].strip()):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            from audit.services import audit_append

            audit_append(
                action="otp_device_confirmed",
                actor=request.user,
                payload={"user_id": request.user.pk, "username": request.user.get_username()},
            )
            request.session.pop(ENROLMENT_SESSION_KEY, None)
            otp_login(request, device)
            request.session.cycle_key()
            return redirect(_next(request))
        form.add_error(
            "token", _("Deze code klopt niet. Controleer de tijd op uw telefoon en probeer opnieuw.")
        )
    import base64

    import segno

    qr_svg = segno.make(device.config_url, error="m").svg_inline(scale=4)
    secret = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "registration/otp_setup.html",
        {"form": form, "qr_svg": qr_svg, "secret": secret, "next": _next(request)},
    )


def _enrolment_code_step(request):
    """Before the secret is shown: a valid one-time enrolment code for this user."""
    from audit.enrolment import enrolment_code_redeem

    form = EnrolmentCodeForm(request.POST if "code" in request.POST else None)
    if form.is_bound and form.is_valid():
        if enrolment_code_redeem(user=request.user, code=form.cleaned_data["code"]):
            # a secret generated (and perhaps seen) before the code was given is never confirmed
            TOTPDevice.objects.filter(user=request.user, confirmed=False).delete()
            request.session[ENROLMENT_SESSION_KEY] = request.user.pk
            return redirect(f"{reverse('otp_setup')}?{urlencode({'next': _next(request)})}")
        form.add_error(
            "code",
            _(
                "Deze inschrijfcode klopt niet, is verlopen of is al gebruikt. Vraag de beheerder van uw "
                "samenwerkingsverband om een nieuwe code."
            ),
        )
    return render(request, "registration/otp_enrolment_code.html", {"form": form, "next": _next(request)})
