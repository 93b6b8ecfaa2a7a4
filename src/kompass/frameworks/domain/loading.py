"""Loading framework files into the database (used by `kompass setup` and
`kompass framework load`)."""

from pathlib import Path

from django.db import transaction

from kompass.frameworks.models import Framework
from kompass.frameworks.schema import Framework as FrameworkTree
from kompass.frameworks.schema import FrameworkError, Problem, parse_framework

SHIPPED_DIR = Path(__file__).resolve().parent.parent / "data"


def shipped_files() -> list[Path]:
    """The instruments that ship with Kompass: every `*.yaml` in frameworks/data."""
    return sorted(p for p in SHIPPED_DIR.glob("*.yaml") if not p.name.startswith("_"))


def read_framework_file(path: Path) -> tuple[str, FrameworkTree]:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise FrameworkError([Problem(str(path), "", "filen är inte UTF-8-kodad")]) from exc
    except OSError as exc:
        raise FrameworkError(
            [Problem(str(path), "", f"filen kan inte läsas ({exc.strerror})")]
        ) from exc
    return text, parse_framework(text, str(path))


def structure(tree: FrameworkTree) -> tuple:
    """What stored data depends on: the codes, maxima and scales, in order. Names, help
    and descriptions may change under the same id; this may not."""

    def scale(node):
        s = getattr(node, "scale", None)
        return None if s is None else (s.type, s.min, s.max, s.dont_know is not None, s.options)

    nodes = []
    for area in tree.areas:
        nodes.append((area.code, area.max, tuple(i.code for i in area.items)))
        nodes.extend((i.code, i.max, scale(i)) for i in area.items)
        for sub in area.subareas:
            nodes.append((sub.code, sub.max, tuple(i.code for i in sub.items)))
            nodes.extend((i.code, i.max, scale(i)) for i in sub.items)
    return tuple(nodes), tree.kind


def in_use(framework: Framework) -> bool:
    """Whether anything stored (evaluations, surveys, assessments ...) refers to it."""
    for relation in Framework._meta.related_objects:
        if relation.one_to_many or relation.one_to_one:
            model = relation.related_model
            if model._default_manager.filter(**{relation.field.name: framework}).exists():
                return True
    return False


@transaction.atomic
def load_framework_text(text: str, tree: FrameworkTree) -> tuple[Framework, bool]:
    """Store a validated framework. Returns (framework, changed).

    A framework that stored data refers to keeps its structure: changing its codes,
    maxima or scales would silently change published totals, so that needs a new id
    (a new version in the same family)."""
    checksum = Framework.checksum_of(text)
    framework = Framework.objects.filter(identifier=tree.id).first()
    if framework is not None and framework.checksum == checksum:
        return framework, False
    if framework is not None and framework.organisation_id is not None:
        raise FrameworkError(
            [
                Problem(
                    tree.id,
                    "id",
                    f"id ”{tree.id}” är en organisations eget instrument; det ändras i "
                    "instrumentredigeraren, och en fil med ett annat id läses in här",
                )
            ]
        )
    if framework is not None and structure(framework.tree) != structure(tree) and in_use(framework):
        raise FrameworkError(
            [
                Problem(
                    tree.id,
                    "",
                    f"ramverket {tree.id} används redan och dess koder, maxpoäng eller skalor kan inte "
                    "ändras; ge den nya versionen ett nytt id (samma family)",
                )
            ]
        )
    if framework is None:
        framework = Framework(identifier=tree.id)
    framework.family = tree.family
    framework.version = tree.version
    framework.name = tree.name
    framework.kind = tree.kind
    framework.source_text = text
    framework.checksum = checksum
    framework.save()
    return framework, True


def load_framework_file(path: Path) -> tuple[Framework, bool]:
    text, tree = read_framework_file(path)
    return load_framework_text(text, tree)


def load_shipped_frameworks() -> list[tuple[Framework, bool]]:
    return [load_framework_file(path) for path in shipped_files()]


def get_framework(identifier: str) -> Framework:
    """The framework with this id; a Swedish error names the known ones when it is missing."""
    framework = Framework.objects.filter(identifier=identifier).first()
    if framework is None:
        known = ", ".join(Framework.objects.values_list("identifier", flat=True)) or "inga"
        raise LookupError(f"okänt ramverk ”{identifier}” (kända: {known})")
    return framework
