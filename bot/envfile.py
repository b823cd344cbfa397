"""The `.env` file of the settings (bot.config), read once per start."""

from __future__ import annotations

import re
from pathlib import Path

from bot.errors import ConfigError

_MAX_ENV_FILE_BYTES = 1024 * 1024


def read_env_file(path: str | Path | None) -> dict[str, str]:
    """The `.env` file's variables (names lower-cased), or none if there is no such file.
    python-dotenv reads it: quotes, `export`, comments and ${VAR} as the platforms' docs
    and other tools expect. A file that is not UTF-8, or a line it cannot read, is a
    ConfigError naming the file (and the line): the setting on it would be lost in silence."""
    if path is None:
        return {}
    file = Path(path).expanduser()
    if not file.exists() or file.is_dir():
        return {}
    # Not only a regular file: `LAYOFFBOT_ENV_FILE=<(pass show layoffbot)` is a pipe, and
    # was ignored in silence. Read as far as a settings file can reasonably go.
    try:
        with file.open("rb") as stream:
            data = stream.read(_MAX_ENV_FILE_BYTES + 1)
    except OSError as exc:
        raise ConfigError(f"invalid setting file {file}: cannot read it ({exc.strerror})") from None
    if len(data) > _MAX_ENV_FILE_BYTES:
        raise ConfigError(f"invalid setting file {file}: larger than 1 MiB")
    if not data:
        # An empty file (`LAYOFFBOT_ENV_FILE=/dev/null`) sets nothing: no need to import
        # python-dotenv's parser (15 regular expressions, ~5 ms of every start-up).
        return {}
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"invalid setting file {file}: it is not UTF-8 text (byte {exc.object[exc.start]:#04x}"
            f" at offset {exc.start}); save it as UTF-8"
        ) from None
    import io

    from dotenv.main import resolve_variables
    from dotenv.parser import parse_stream

    bindings = list(parse_stream(io.StringIO(text)))
    for binding in bindings:
        # A name alone ('FOO', 'export FOO') sets nothing: python-dotenv reads it as unset.
        if binding.error or (binding.key is not None and binding.value is None):
            # The name only: the rest of the line may be a token.
            name = re.match(r"\s*(?:export\s+)?([A-Za-z_]\w*)?", binding.original.string)
            named = f" ({name[1]})" if name and name[1] else ""
            raise ConfigError(
                f"invalid setting file {file}: line {binding.original.line}{named} is not"
                " NAME=value; quote a value with spaces or '#', and close every quote"
            )
    # What dotenv_values does, on the lines read once: ${VAR} from the file or environment.
    values = resolve_variables(((b.key, b.value) for b in bindings if b.key), override=True)
    return {k.lower(): v for k, v in values.items() if v is not None}
