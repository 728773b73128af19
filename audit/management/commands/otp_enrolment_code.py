"""Issue a one-time enrolment code for two-step login: the national path (server access), also for
beheerders and superusers, whose codes no SWV beheerder may issue.

    manage.py otp_enrolment_code <username>          # prints the code once
    manage.py otp_enrolment_code <username> --email  # mails it to the account's own address

Every code is a link in the audit chain, issued in the name of the system actor.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from audit import enrolment
from audit.models import OtpEnrolmentCode
from cases.errors import DomainError
from cases.system import system_user


class Command(BaseCommand):
    help = "Issue a one-time code with which a user sets up two-step login (valid 72 hours)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", action="store_true", help="mail the code to the account's address")

    def handle(self, *args, username, email, **opts):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"Onbekende of inactieve gebruiker {username}.")
        via = OtpEnrolmentCode.Via.EMAIL if email else OtpEnrolmentCode.Via.COMMAND
        try:
            plain = enrolment.enrolment_code_issue(user=user, by=system_user(), via=via, national=True)
        except DomainError as exc:
            raise CommandError(str(exc.message)) from exc
        if email:
            self.stdout.write(f"inschrijfcode voor {username} gemaild naar {user.email}")
        else:
            self.stdout.write(f"inschrijfcode voor {username} (eenmalig, {enrolment.CODE_VALID} geldig):")
            self.stdout.write(plain)
