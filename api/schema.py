"""OpenAPI: every operation documents its error responses in the one error shape of api/exceptions.py."""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Stabiele foutcode, bijv. 'transition-not-allowed'.")
    detail = serializers.CharField(help_text="Duidelijke melding in het Nederlands.")
    field = serializers.CharField(allow_null=True, help_text="Het veld waar de fout bij hoort, of null.")
    errors = serializers.DictField(
        required=False, child=serializers.JSONField(), help_text="Bij ongeldige invoer: meldingen per veld."
    )

    class Meta:
        ref_name = "Error"


ERRORS = {
    "400": "Ongeldige invoer: verkeerde JSON, verkeerd type, onbekend veld of een regel die niet klopt.",
    "401": "Niet ingelogd, of het token is ongeldig, verlopen of ingetrokken.",
    "403": "Geen recht (rol, organisatie of ontbrekend recht van de koppeling).",
    "404": "Niet gevonden, of van een andere organisatie.",
    "405": "Deze methode kan hier niet.",
    "406": "Het gevraagde antwoordformaat kan niet.",
    "409": "Deze stap kan niet in de huidige status, of iemand anders was eerder.",
    "413": "Het verzoek is te groot.",
    "415": "Dit mediatype wordt niet ondersteund.",
    "429": "Te veel ongeldige tokens of inlogpogingen vanaf dit adres; later opnieuw proberen.",
}


class AutoSchema(SpectacularAutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        codes = ["401", "403", "404", "405", "406", "400", "429"]  # 429: the per-address lockout
        if self.method not in ("GET", "HEAD", "OPTIONS"):
            codes += ["409", "413", "415"]
        for code in codes:
            if code not in responses:
                responses[code] = self._get_response_for_code(
                    OpenApiResponse(response=ErrorSerializer, description=ERRORS[code]), code
                )
        return responses
