"""Options that several commands share, defined once so that their names and help read the same
everywhere. Only click is imported here (every command module imports this at start-up)."""

from __future__ import annotations

import contextlib
import sys

import click

REGISTRY_HELP = "登録簿のフォルダ（既定: 現在のフォルダか親フォルダの registry/）/ registry folder"


def registry_option(f):
    """`--registry DIR` → the parameter `registry_dir` (None: registry/ in the current folder or
    the nearest parent; see load.registry.find_registry); with it `--no-cache` (no_cache_option):
    every command that reads a registry takes both."""
    return no_cache_option(click.option("--registry", "registry_dir", metavar="DIR", help=REGISTRY_HELP)(f))


NO_CACHE_META = "zaitaku.no_cache"  # cache.NO_CACHE_META (not imported here: start-up path)


def _no_cache(ctx, param, value):
    if value:
        ctx.meta[NO_CACHE_META] = True


def no_cache_option(f):
    """`--no-cache`: neither read nor write the warm cache (zaitaku_cli/cache.py) in this run. No
    parameter: check.load_checked finds it in click's context (ctx.meta), so that no command has
    to hand it on."""
    return click.option("--no-cache", is_flag=True, expose_value=False, callback=_no_cache,
                        help="キャッシュ（.zaitaku_cache/）を読み書きしない / neither read nor write the cache")(f)


WAIT_DEFAULT = 10  # seconds; edit.lock.DEFAULT_WAIT (not imported here: start-up path)


def parse_day(ctx, param, value):
    """click callback for a day option (`--on`): ISO or an era date, with its day; None stays None."""
    if value is None:
        return None
    from zaitaku_cli.dates import DateError, parse_date

    try:
        return parse_date(value)
    except DateError as err:
        if err.reason == "month-only":
            raise click.BadParameter(f"日まで書いてください / give the day too: {value!r} (例/e.g. 2025-07-01, 令和7年7月1日, R7.7.1)")
        raise click.BadParameter(f"日付として読めません / not a date: {value!r} (例/e.g. 2025-07-01, 令和7年7月1日, R7.7.1)")


def wait_option(f):
    """`--wait SECONDS` → the parameter `wait`: how long a command that writes into the registry
    waits for another such command to finish (edit.lock) before it gives up with exit 2."""
    return click.option("--wait", "wait", type=click.FloatRange(min=0, max=86400), default=WAIT_DEFAULT,
                        show_default=True, metavar="SECONDS",
                        help="別の編集が終わるのを待つ秒数 / seconds to wait for another edit to finish")(f)


def exit_if_folders_unreadable(result, doing_ja: str, lang: str = "ja") -> None:
    """Exit 2 when a folder of the registry cannot be listed: its records would count as gone
    (a diff would show them deleted, a status not designated). `result`: a CheckResult."""
    folders = [f.file for f in result.findings if f.code == "folder-unreadable"]
    if folders:
        shown = ", ".join(folders)
        click.echo(f"zaitaku: {shown}: the folder cannot be read, so its records cannot be counted (see zaitaku check)"
                   if lang == "en" else
                   f"zaitaku: {shown}: フォルダを読み込めないため{doing_ja}できません（zaitaku check で確認）", err=True)
        sys.exit(2)


@contextlib.contextmanager
def exit_if_unreadable(doing_ja: str, lang: str = "ja"):
    """Exit 2 with a one-line message (in `lang`) when the registry, a revision or prefecture.yaml
    cannot be read (`doing_ja`: what could not be done, e.g. 比較). The exceptions' modules load
    lazily."""
    from zaitaku_cli.check import SchemeInvalid
    from zaitaku_cli.load.git_source import RevisionError
    from zaitaku_cli.load.registry import RegistryNotFound

    try:
        yield
    except (RegistryNotFound, RevisionError) as err:
        click.echo(f"zaitaku: {err.message(lang)}", err=True)
        sys.exit(2)
    except SchemeInvalid as err:
        from zaitaku_cli.findings import render

        first = err.findings[0] if err.findings else None
        where = first.file if first else "prefecture.yaml"
        why = f"{first.file}:{first.line}:{first.column}: {render(first, lang)}" if first else ""
        click.echo(f"zaitaku: {where} is not usable (see zaitaku check). {why}" if lang == "en" else
                   f"zaitaku: {where} を読めないため{doing_ja}できません（zaitaku check で確認）。{why}", err=True)
        sys.exit(2)


AREA_OPTIONS = (  # (parameter, option, Japanese help, English help): tables.areas.KINDS
    ("health_center", "--health-center", "この保健所の管内（prefecture.yaml の health_centers）", "this health centre's area"),
    ("tertiary_area", "--tertiary-area", "この三次医療圏", "this tertiary area"),
    ("secondary_area", "--secondary-area", "この二次医療圏", "this secondary area"),
    ("zone", "--zone", "この在宅医療圏", "this zone"),
)


def area_options(f):
    """`--health-center`, `--tertiary-area`, `--secondary-area`, `--zone` → the parameters of the
    same names (None when not given); one at most. Each takes an id (code) or a name as the tables
    show it; see tables.areas."""
    for name, option, ja, en in reversed(AREA_OPTIONS):
        f = click.option(option, name, metavar="ID|名称",
                         help=f"{ja}の行だけにする（ID か表に出る名称）/ only the rows of {en} (id or name)")(f)
    return f


def area_arguments(values: dict) -> list[str]:
    """The area options as given, for a command line that reproduces them."""
    return [a for name, option, _, _ in AREA_OPTIONS if values.get(name) is not None
            for a in (option, values[name])]


def restrict_to_area(registry, values: dict, lang: str = "ja"):
    """The registry as the area the options name sees it (tables.areas.restrict); the registry
    itself without one. Exit 2 for an unknown or ambiguous value (with the known values) or for
    more than one area option."""
    from zaitaku_cli.tables.areas import UnknownArea, restrict, select

    try:
        area = select(registry, **{name: values.get(name) for name, *_ in AREA_OPTIONS})
    except ValueError as err:
        given = " ".join(err.args[0])
        click.echo(f"zaitaku: {given}: give one area option at a time" if lang == "en" else
                   f"zaitaku: {given}: 地域の指定は1つだけにしてください", err=True)
        sys.exit(2)
    except UnknownArea as err:
        click.echo(f"zaitaku: {err.message(registry.scheme.terms(lang), lang)}", err=True)
        sys.exit(2)
    return restrict(registry, area)
