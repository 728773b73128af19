"""OpenAPI descriptions of the two ways in (bearer token, browser session). Imported by api/urls.py, so only
processes that serve the API load drf-spectacular's extension machinery (about a second per process)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "Token van een API-koppeling: `Authorization: Bearer pce_<kenmerk>_<geheim>`. "
            "Een beheerder van het samenwerkingsverband maakt koppelingen en tokens aan (beheer).",
        }


class SessionScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.SessionAuthentication"
    name = "cookieAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "cookie",
            "name": "sessionid",
            "description": "De sessie van de browser; schrijvende verzoeken met de header X-CSRFToken.",
        }
