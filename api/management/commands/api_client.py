"""Manage API clients from the command line (deployment scripts, the first integration, the smoke test).

    manage.py api_client create --swv CODE --role ROLE --name NAME [--school BRIN] [--gemeente CBS]
                                [--scopes cases:read,cases:write | --all-scopes] [--days 365]
    manage.py api_client token --client ID [--days 365]
    manage.py api_client revoke --prefix KENMERK
    manage.py api_client list

`create` and `token` print the new token once (on the last line); the named system actor is recorded as the
one who issued it.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from api import services
from api.models import SCOPES, ApiClient, ApiToken
from cases.errors import DomainError
from cases.models import Gemeente, School, Swv
from cases.system import system_user


class Command(BaseCommand):
    help = "Create API clients, issue and revoke their tokens."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create")
        create.add_argument("--swv", required=True, help="code of the samenwerkingsverband")
        create.add_argument("--role", required=True)
        create.add_argument("--name", required=True)
        create.add_argument("--school", help="BRIN (+ vestiging, e.g. 12AB00) for the role school")
        create.add_argument("--gemeente", help="CBS code for the role leerplichtambtenaar")
        create.add_argument("--scopes", default="", help="comma separated, e.g. cases:read,tasks:write")
        create.add_argument("--all-scopes", action="store_true")
        create.add_argument("--days", type=int)
        token = sub.add_parser("token")
        token.add_argument("--client", type=int, required=True)
        token.add_argument("--days", type=int)
        revoke = sub.add_parser("revoke")
        revoke.add_argument("--prefix", required=True)
        sub.add_parser("list")

    def handle(self, *args, **opts):
        by = system_user()
        try:
            if opts["action"] == "create":
                self._create(by, opts)
            elif opts["action"] == "token":
                client = ApiClient.objects.filter(pk=opts["client"]).first()
                if client is None:
                    raise CommandError("Onbekende koppeling.")
                _token, plain = services.token_issue(client=client, by=by, days=opts["days"])
                self.stdout.write(plain)
            elif opts["action"] == "revoke":
                token = ApiToken.objects.select_related("client").filter(prefix=opts["prefix"]).first()
                if token is None:
                    raise CommandError("Onbekend token.")
                services.token_revoke(token=token, by=by)
                self.stdout.write(f"token {token.prefix} ingetrokken")
            else:
                for c in ApiClient.objects.select_related("swv").order_by("pk"):
                    active = c.tokens.filter(revoked_at__isnull=True).count()
                    self.stdout.write(
                        f"{c.pk}\t{c.swv.code}\t{c.role}\t{c.name}\t{active} token(s)\t{','.join(c.scopes)}"
                    )
        except DomainError as exc:
            raise CommandError(str(exc.message)) from exc

    def _create(self, by, opts):
        swv = Swv.objects.filter(code=opts["swv"]).first()
        if swv is None:
            raise CommandError(f"Onbekend samenwerkingsverband {opts['swv']}.")
        school = gemeente = None
        if opts["school"]:
            brin = opts["school"]
            school = School.objects.filter(brin=brin[:4], vestiging=brin[4:] or "00").first()
            if school is None:
                raise CommandError(f"Onbekende school {brin}.")
        if opts["gemeente"]:
            gemeente = Gemeente.objects.filter(code=opts["gemeente"]).first()
            if gemeente is None:
                raise CommandError(f"Onbekende gemeente {opts['gemeente']}.")
        scopes = list(SCOPES) if opts["all_scopes"] else [s for s in opts["scopes"].split(",") if s]
        client = services.client_create(
            by=by,
            name=opts["name"],
            swv=swv,
            role=opts["role"],
            scopes=scopes,
            school=school,
            gemeente=gemeente,
        )
        _token, plain = services.token_issue(client=client, by=by, days=opts["days"])
        self.stdout.write(f"koppeling {client.pk} ({client.name}) aangemaakt; token:")
        self.stdout.write(plain)
