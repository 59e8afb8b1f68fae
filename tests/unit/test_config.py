"""fedtui.config: defaults, locale languages, validation messages naming file, key and value."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from fedtui import paths
from fedtui.config import (
    Config,
    default_config,
    default_config_text,
    load_config,
    locale_languages,
)
from fedtui.errors import ConfigError


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def error_for(tmp_path: Path, text: str) -> str:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        load_config(path, environ={})
    message = str(info.value)
    assert str(path) in message
    return message


# --- defaults ----------------------------------------------------------------------------


def test_missing_default_file_means_defaults() -> None:
    config = load_config(environ={"LANG": "en_GB.UTF-8"})
    assert config == Config()
    assert config.source is None
    assert config.theme == "fedtui-dark"
    assert config.proxy is None
    assert config.languages == ("en",)
    assert dict(config.keymap) == {}
    assert config.timeline.page_size == 20
    assert config.timeline.streaming is True
    assert config.timeline.poll_interval == 60
    assert config.timeline.relative_times is True
    assert config.translation.auto_translate is False
    assert config.translation.target_language == "en"
    assert config.network.timeout == 30.0


def test_reading_the_config_creates_nothing() -> None:
    load_config(environ={})
    assert not paths.config_dir().exists()


def test_default_location_is_read(tmp_path: Path) -> None:
    paths.ensure_dir(paths.config_dir())
    paths.config_file().write_text('theme = "fedtui-light"\n', encoding="utf-8")
    config = load_config(environ={})
    assert config.theme == "fedtui-light"
    assert config.source == paths.config_file()


def test_fedtui_config_env_points_at_another_file(tmp_path: Path) -> None:
    path = tmp_path / "other.toml"
    path.write_text("[timeline]\npage_size = 20\n", encoding="utf-8")
    config = load_config(environ={"FEDTUI_CONFIG": str(path)})
    assert config.timeline.page_size == 20
    assert config.source == path


def test_fedtui_config_pointing_nowhere_is_an_error(tmp_path: Path) -> None:
    missing = tmp_path / "nope.toml"
    with pytest.raises(ConfigError, match="FEDTUI_CONFIG") as info:
        load_config(environ={"FEDTUI_CONFIG": str(missing)})
    assert str(missing) in str(info.value)


def test_full_file(tmp_path: Path) -> None:
    path = write(tmp_path, """
theme = "fedtui-high-contrast"
proxy = "socks5h://127.0.0.1:9050"
languages = ["de", "EN", "de"]

[timeline]
page_size = 80
streaming = false
poll_interval = 10
relative_times = false

[translation]
auto_translate = true

[network]
timeout = 12.5

[keymap]
"timeline.down" = "j, down"
"timeline.up" = ["k", "up"]
post.open_thread = "enter"
""")
    config = load_config(path, environ={})
    assert config.theme == "fedtui-high-contrast"
    assert config.proxy == "socks5h://127.0.0.1:9050"
    assert config.languages == ("de", "en")
    assert config.timeline.page_size == 80
    assert config.timeline.streaming is False
    assert config.timeline.poll_interval == 10
    assert config.timeline.relative_times is False
    assert config.translation.auto_translate is True
    assert config.translation.target_language == "de"  # first of languages
    assert config.network.timeout == 12.5
    assert dict(config.keymap) == {
        "timeline.down": "j,down",
        "timeline.up": "k,up",
        "post.open_thread": "enter",
    }


def test_any_theme_name_is_accepted(tmp_path: Path) -> None:
    assert load_config(write(tmp_path, 'theme = "my-theme"\n'), environ={}).theme == "my-theme"


def test_config_is_frozen() -> None:
    config = default_config({})
    with pytest.raises(AttributeError):
        config.theme = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        config.keymap["timeline.down"] = "x"  # type: ignore[index]


# --- locale ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANG": "de_DE.UTF-8"}, ("de",)),
        ({"LANG": "pt_BR"}, ("pt",)),
        ({"LANG": "C.UTF-8"}, ("en",)),
        ({"LANG": "POSIX"}, ("en",)),
        ({}, ("en",)),
        ({"LC_ALL": "fr_FR.UTF-8", "LANG": "de_DE.UTF-8"}, ("fr",)),
        ({"LC_ALL": "C", "LANG": "ja_JP.UTF-8"}, ("ja",)),
        ({"LANGUAGE": "uk:ru:en", "LANG": "de_DE.UTF-8"}, ("uk", "ru", "en")),
        ({"LANG": "sr_RS@latin"}, ("sr",)),
    ],
)
def test_locale_languages(environ: dict[str, str], expected: tuple[str, ...]) -> None:
    assert locale_languages(environ) == expected


def test_default_languages_and_target_follow_the_locale() -> None:
    config = load_config(environ={"LANG": "de_DE.UTF-8"})
    assert config.languages == ("de",)
    assert config.translation.target_language == "de"


def test_explicit_target_language_wins(tmp_path: Path) -> None:
    path = write(tmp_path, '[translation]\ntarget_language = "es"\n')
    config = load_config(path, environ={"LANG": "de_DE.UTF-8"})
    assert config.languages == ("de",)
    assert config.translation.target_language == "es"


# --- proxy -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "proxy",
    ["http://127.0.0.1:8080", "https://proxy.example:3128", "socks5://localhost:1080",
     "socks5h://127.0.0.1:9050", "SOCKS5H://user:pw@[::1]:9050"],
)
def test_valid_proxies(tmp_path: Path, proxy: str) -> None:
    assert load_config(write(tmp_path, f'proxy = "{proxy}"\n'), environ={}).proxy == proxy


def test_empty_proxy_means_none(tmp_path: Path) -> None:
    assert load_config(write(tmp_path, 'proxy = ""\n'), environ={}).proxy is None


@pytest.mark.parametrize(
    "proxy",
    ["ftp://127.0.0.1:21", "socks4://127.0.0.1:1080", "127.0.0.1:9050", "socks5h://",
     "http://127.0.0.1:notaport", "tor"],
)
def test_invalid_proxies(tmp_path: Path, proxy: str) -> None:
    message = error_for(tmp_path, f'proxy = "{proxy}"\n')
    expected = "expected a proxy URL starting with http://, https://, socks5:// or socks5h://"
    assert f"proxy: {expected}" in message
    assert repr(proxy) in message


def test_proxy_must_be_a_string(tmp_path: Path) -> None:
    assert "got 9050" in error_for(tmp_path, "proxy = 9050\n")


# --- error messages ----------------------------------------------------------------------


def test_page_size_not_a_number(tmp_path: Path) -> None:
    message = error_for(tmp_path, '[timeline]\npage_size = "many"\n')
    assert "timeline.page_size: expected an integer from 1 to 80, got 'many'" in message


@pytest.mark.parametrize("value", ["0", "81", "-3", "40.5", "true"])
def test_page_size_out_of_range(tmp_path: Path, value: str) -> None:
    message = error_for(tmp_path, f"[timeline]\npage_size = {value}\n")
    assert f"timeline.page_size: expected an integer from 1 to 80, got {value}" in message


def test_poll_interval_too_short(tmp_path: Path) -> None:
    message = error_for(tmp_path, "[timeline]\npoll_interval = 5\n")
    expected = "expected a whole number of seconds, 10 or more"
    assert f"timeline.poll_interval: {expected}, got 5" in message


def test_boolean_given_as_string(tmp_path: Path) -> None:
    message = error_for(tmp_path, '[timeline]\nstreaming = "yes"\n')
    assert "timeline.streaming: expected true or false, got 'yes'" in message


def test_timeout_must_be_positive(tmp_path: Path) -> None:
    message = error_for(tmp_path, "[network]\ntimeout = 0\n")
    assert "network.timeout: expected a number of seconds" in message
    assert "got 0" in message


def test_bad_language_codes(tmp_path: Path) -> None:
    message = error_for(tmp_path, 'languages = ["de", "German"]\n')
    assert "languages: expected a list of two-letter ISO 639-1 language codes" in message
    assert "got [\"de\", \"German\"]" in message
    assert "languages:" in error_for(tmp_path, "languages = []\n")


def test_bad_target_language(tmp_path: Path) -> None:
    message = error_for(tmp_path, '[translation]\ntarget_language = "eng"\n')
    assert "translation.target_language: expected a two-letter ISO 639-1" in message
    assert "got 'eng'" in message


def test_unknown_top_level_key(tmp_path: Path) -> None:
    message = error_for(tmp_path, 'thme = "fedtui-dark"\n')
    assert "unknown setting thme" in message
    assert "did you mean theme?" in message


def test_unknown_key_in_a_section(tmp_path: Path) -> None:
    message = error_for(tmp_path, "[timeline]\npagesize = 20\n")
    assert "unknown setting timeline.pagesize (did you mean timeline.page_size?)" in message
    assert "timeline.poll_interval" in message  # lists what is expected


def test_unknown_section(tmp_path: Path) -> None:
    message = error_for(tmp_path, "[demo]\nenabled = true\n")
    assert "unknown setting demo" in message


def test_section_given_as_a_value(tmp_path: Path) -> None:
    message = error_for(tmp_path, "timeline = 5\n")
    assert "timeline: expected a table ([timeline]), got 5" in message


def test_bad_keymap_value(tmp_path: Path) -> None:
    message = error_for(tmp_path, '[keymap]\n"timeline.down" = 7\n')
    assert 'keymap."timeline.down": expected a key or a comma-separated list of keys' in message
    assert "got 7" in message
    assert "keymap." in error_for(tmp_path, '[keymap]\n"timeline.down" = ""\n')
    assert "keymap." in error_for(tmp_path, '[keymap]\n"timeline.down" = "ctrl f"\n')


def test_bad_binding_id(tmp_path: Path) -> None:
    message = error_for(tmp_path, '[keymap]\n"Move Down" = "j"\n')
    assert 'keymap."Move Down": expected a binding id such as "timeline.down"' in message


def test_syntax_error_names_line_and_column(tmp_path: Path) -> None:
    message = error_for(tmp_path, 'theme = "fedtui-dark"\n\n[timeline]\npage_size = = 3\n')
    assert "line 4, column 13" in message
    assert "invalid TOML" in message


def test_syntax_error_at_end_of_file(tmp_path: Path) -> None:
    message = error_for(tmp_path, 'theme = "fedtui-dark')
    assert "invalid TOML" in message


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b'theme = "caf\xe9"\n')
    with pytest.raises(ConfigError, match="UTF-8"):
        load_config(path, environ={})


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes('\ufefftheme = "fedtui-light"\n'.encode())
    assert load_config(path, environ={}).theme == "fedtui-light"


def test_long_values_are_shortened_in_messages(tmp_path: Path) -> None:
    message = error_for(tmp_path, f'[timeline]\npage_size = "{"x" * 500}"\n')
    assert "..." in message
    assert len(message) < 400


# --- the sample file ---------------------------------------------------------------------


def test_sample_config_parses_to_defaults(tmp_path: Path) -> None:
    text = default_config_text()
    tomllib.loads(text)
    assert load_config(write(tmp_path, text), environ={"LANG": "fr_FR"}) == default_config(
        {"LANG": "fr_FR"}
    )


def test_sample_config_uncommented_is_valid(tmp_path: Path) -> None:
    uncommented = re.sub(r"(?m)^# (\"?[a-z_.]+\"? = )", r"\1", default_config_text())
    assert uncommented != default_config_text()
    config = load_config(write(tmp_path, uncommented), environ={})
    assert config.theme == "fedtui-dark"
    assert config.proxy == "socks5h://127.0.0.1:9050"
    assert config.timeline == Config().timeline
    assert config.network == Config().network
    assert dict(config.keymap) == {"timeline.down": "j,down", "timeline.up": "k,up"}


def test_model_threads_and_idle_unload_are_settings(tmp_path: Path) -> None:
    default = load_config(environ={"LANG": "en_GB.UTF-8"})
    assert default.translation.model_threads == 0  # every core
    assert default.translation.unload_after == 300
    path = write(tmp_path, "[translation]\nmodel_threads = 1\nunload_after = 0\n")
    config = load_config(path, environ={})
    assert config.translation.model_threads == 1
    assert config.translation.unload_after == 0


def test_bad_model_threads(tmp_path: Path) -> None:
    message = error_for(tmp_path, "[translation]\nmodel_threads = -1\n")
    assert "translation.model_threads: expected a whole number from 0 to 256" in message
    message = error_for(tmp_path, '[translation]\nunload_after = "soon"\n')
    assert "translation.unload_after: expected a whole number of seconds" in message


def test_the_posts_a_pane_keeps_in_memory_are_a_setting(tmp_path: Path) -> None:
    assert load_config(environ={}).timeline.max_posts == 1000
    config = load_config(write(tmp_path, "[timeline]\nmax_posts = 500\n"), environ={})
    assert config.timeline.max_posts == 500
    message = error_for(tmp_path, "[timeline]\nmax_posts = 10\n")
    assert "timeline.max_posts: expected a whole number from 20 to 2500" in message
    message = error_for(tmp_path, "[timeline]\nmax_posts = 2501\n")
    assert "timeline.max_posts: expected a whole number from 20 to 2500" in message
