"""The command line: ``python main.py [--db PATH|URL] [COMMAND ...]``.

Without a command the GUI opens.  Each command lives in its own module under
:mod:`inventar.commands` and exposes ``register(subparsers)``; the parsed
arguments carry ``run(args, store) -> int``.  Command names and options are a
contract scripts rely on: add, never rename.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import sys

from inventar import __version__
from inventar.i18n import LANGUAGES, _, language, set_language

# command name -> module under inventar.commands.  Modules are imported only when their command is used
# (or for --help): some pull in heavy libraries (OR-Tools, openpyxl) that the GUI's start must not pay for.
COMMANDS = {"demo": "demo", "rooms": "rooms", "labels": "labels", "plan": "plan", "export": "export",
            "import": "import_excel", "backup": "backup", "restore": "restore", "bundle": "bundle",
            "board-pdf": "board_pdf"}
COMMAND_MODULES = list(COMMANDS.values())


# argparse's own words (usage, option headings, errors), in Danish when the app speaks Danish.
ARGPARSE_DANISH = {  # i18n: ignore - a translation table of its own (argparse's English to Danish)
    "usage: ": "brug: ",
    "positional arguments": "argumenter",
    "options": "tilvalg",
    "show this help message and exit": "vis denne hjælp og afslut",
    "unrecognized arguments: %s": "ukendte argumenter: %s",
    "the following arguments are required: %s": "disse argumenter mangler: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "ugyldigt valg: %(value)r (vælg mellem %(choices)s)",
    "expected one argument": "forventede én værdi",
    "expected at least one argument": "forventede mindst én værdi",
    "expected at most one argument": "forventede højst én værdi",
    "invalid %(type)s value: %(value)r": "ugyldig %(type)s-værdi: %(value)r",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s: %(message)s",
    "ambiguous option: %(option)s could match %(matches)s": "tvetydigt tilvalg: %(option)s kan betyde %(matches)s",
    "not allowed with argument %s": "kan ikke bruges sammen med %s",
    "one of the arguments %s is required": "et af argumenterne %s skal angives",
}


def _speak_danish_in_argparse() -> None:
    if language() == "da":
        argparse._ = lambda text: ARGPARSE_DANISH.get(text, text)


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # exit code 2, message on stderr, as argparse does
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: {_('fejl')}: {message}\n")


def _modules_for(argv: list[str]) -> list[str]:
    """The command modules the parser needs for ``argv``: all for help, else only the command named."""
    if any(a in ("-h", "--help") for a in argv):
        return COMMAND_MODULES
    named = [COMMANDS[a] for a in argv if a in COMMANDS][:1]
    if not named and _positionals(argv):  # an unknown command: the error lists every command there is
        return COMMAND_MODULES
    return named


def _positionals(argv: list[str]) -> list[str]:
    """The arguments that are neither global options nor their values (the GUI start has none)."""
    words, skip = [], False
    for arg in argv:
        if skip:
            skip = False
        elif arg in ("--db", "--photos", "--lang"):
            skip = True
        elif not arg.startswith("-"):
            words.append(arg)
    return words


def build_parser(modules: list[str] | None = None) -> argparse.ArgumentParser:
    parser = Parser(prog="inventar", description=_("Inventar – registrering og genbrug af inventar"))
    parser.add_argument("--version", action="version", version=f"Inventar {__version__}",
                        help=_("vis programmets versionsnummer og afslut"))
    parser.add_argument("--db", metavar="PATH|URL",
                        help=_("databasefil (SQLite) eller postgresql://-adresse; ellers INVENTAR_DB eller standardfilen"))
    parser.add_argument("--photos", metavar="DIR", help=_("fotomappe (standard: mappe ved siden af databasen)"))
    parser.add_argument("--lang", choices=sorted(LANGUAGES), help=_("sprog: da eller en"))
    parser.add_argument("-v", "--verbose", action="store_true", help=_("vis flere detaljer"))
    commands = parser.add_subparsers(dest="command", metavar=_("KOMMANDO"), parser_class=Parser)
    for name in COMMAND_MODULES if modules is None else modules:
        importlib.import_module(f"inventar.commands.{name}").register(commands)
    for sub in commands.choices.values():
        _accept_global_options(sub)
    return parser


def _accept_global_options(parser: argparse.ArgumentParser) -> None:
    """``--db`` and ``--photos`` may also follow the command (``restore FILE --db TARGET``, as documented)."""
    known = {option for action in parser._actions for option in action.option_strings}
    if "--db" not in known:
        parser.add_argument("--db", metavar="PATH|URL", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    if "--photos" not in known:
        parser.add_argument("--photos", metavar="DIR", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                _accept_global_options(sub)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    # The language must be set before the parser builds its help texts.
    if "--lang" in argv[:-1]:
        lang = argv[argv.index("--lang") + 1]
        if lang in LANGUAGES:
            set_language(lang)
    _speak_danish_in_argparse()
    args = build_parser(_modules_for(argv)).parse_args(argv)
    from inventar.logs import configure

    args.log_path = configure(verbose=args.verbose)
    if args.command is None:
        gc.disable()  # the start makes ~300,000 objects that all live on: no collecting until the window is up
        # The session's layers first: PySide6 reads the source of every module imported after it (looking for
        # its __feature__ switches), so what needs no Qt is imported before it.  Qt only when the GUI is wanted.
        import inventar.session  # noqa: F401
        from inventar.ui.app import run_gui

        return run_gui(args)

    if getattr(args, "run_without_store", None):  # e.g. restore: must not open (and create) the target first
        return _reporting_user_errors(lambda: args.run_without_store(args))

    from inventar.models.database import DatabaseOpenError, open_store
    from inventar.paths import default_database

    try:
        store = open_store(args.db or default_database(), photo_dir=args.photos)
    except DatabaseOpenError as exc:
        print(f"{_('Fejl')}: {exc}", file=sys.stderr)
        return 1
    from inventar.services.photos.store import sweep_orphans

    sweep_orphans(store.photo_dir, shared=store.is_postgres)
    try:
        return _reporting_user_errors(lambda: args.run(args, store))
    finally:
        store.close()


def _reporting_user_errors(run) -> int:
    """Run a command; a :class:`UserError` (or a full disk, a missing folder) is one line on stderr and
    exit code 1, never a traceback. Commands catch their own errors first where they promise other codes."""
    from inventar.errors import FileError, UserError

    try:
        return int(run() or 0)
    except (UserError, OSError) as exc:
        error = FileError.from_os_error(exc) if isinstance(exc, OSError) else exc
        print(f"{_('Fejl')}: {error}", file=sys.stderr)
        return 1
