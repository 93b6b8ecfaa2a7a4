"""Demo users and their memberships, printed by `make run`. All share the password
DEMO_PASSWORD."""

from kompass.accounts.models import Membership, User
from kompass.organisations.models import Organisation

DEMO_PASSWORD = "kompass-demo"
DEMO_USERS = [
    # username, first, last, superuser, evaluator, (organisation code, role)
    ("admin", "Ada", "Administratör", True, False, None),
    ("utvarderare", "Ulla", "Utvärderare", False, True, None),
    ("leksand", "Lars", "Leksing", False, False, ("2029", Membership.Role.EDITOR)),
    ("lasare", "Lisa", "Läsare", False, False, ("2029", Membership.Role.READER)),
]


def load(stdout) -> None:
    for username, first, last, superuser, evaluator, member in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "is_superuser": superuser,
                "is_staff": superuser,
                "is_evaluator": evaluator,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        if member:
            org = Organisation.objects.get(code=member[0])
            Membership.objects.get_or_create(
                user=user, organisation=org, defaults={"role": member[1]}
            )
    stdout.write(
        f"Demoanvändare: {', '.join(u[0] for u in DEMO_USERS)} (lösenord {DEMO_PASSWORD})."
    )
