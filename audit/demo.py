"""`make run` only: the demo users of the 2FA roles share one fixed, printed TOTP secret."""

import base64

DEMO_TOTP_KEY_HEX = b"passend-demo-totp!!!".hex()  # 20 bytes, as authenticator apps expect
DEMO_TOTP_BASE32 = base64.b32encode(bytes.fromhex(DEMO_TOTP_KEY_HEX)).decode()


def demo_totp_device(user):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="demo", defaults={"key": DEMO_TOTP_KEY_HEX, "confirmed": True}
    )
    return device
