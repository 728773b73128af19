"""The ouders card on the pupil page: computed here so the pupil page's view needs no change."""

from django import template

from cases import policies
from cases.services import ouders as ouder_services

register = template.Library()


@register.inclusion_tag("parents/_ouders_card.html", takes_context=True)
def ouders_card(context, leerling):
    user = context["user"]
    rows = [
        {
            "ouder": o,
            **{f: ouder_services.contact_for(user, o, f) for f in ouder_services.CONTACT_FIELDS},
        }
        for o in leerling.ouders.all().order_by("pk")
    ]
    may_manage = policies.may_manage_ouders(user, leerling)
    links = []
    if may_manage:  # who sends links sees what became of them
        from cases import clock
        from cases.services import ouderportaal

        now = clock.now()
        links = [
            {"t": t, "state": ouderportaal.link_state(t, now=now)} for t in ouderportaal.links_for(leerling)
        ]
    return {
        "leerling": leerling,
        "rows": rows,
        "links": links,
        "may_manage": may_manage,
        "masked": not policies.may_see_ouder_contact(user, leerling),
        "user": user,
        "request": context.get("request"),
    }


@register.inclusion_tag("parents/_leerling_gehoord.html", takes_context=True)
def leerling_gehoord(context, case):
    """Whether the pupil's own view is recorded on this case (the TLV and schakel pages show it)."""
    from cases.services import hoorrecht

    return {"case": case, "entry": hoorrecht.latest(case)}


@register.inclusion_tag("parents/_ouder_berichten.html")
def ouder_berichten(case):
    """The case's notices to the ouders (a statutory term exceeded), one per term with its recipients and
    how each copy was sent, like the letters' card."""
    from itertools import groupby

    from cases.models import OuderBericht

    rows = list(
        OuderBericht.objects.filter(case=case)
        .select_related("deadline")
        .order_by("deadline_id", "sent_at", "pk")
    )
    notices = [
        {"first": group[0], "ontvangers": group}
        for group in (list(g) for _key, g in groupby(rows, key=lambda r: (r.soort, r.deadline_id)))
    ]
    return {"case": case, "notices": notices}
