"""Template filters for a pupil's BSN and onderwijsnummer: `{{ leerling|bsn_for:user }}` shows the number in
full or masked, by the one rule in cases.policies."""

from django import template

from cases import policies

register = template.Library()


@register.filter
def bsn_for(leerling, user) -> str:
    return policies.person_number_for(user, leerling, "bsn")


@register.filter
def onderwijsnummer_for(leerling, user) -> str:
    return policies.person_number_for(user, leerling, "onderwijsnummer")
