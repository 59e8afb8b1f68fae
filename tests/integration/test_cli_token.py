"""No message ever shows an access token, even one a header cannot carry."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from fedtui.cli import main
from fedtui.net import network_reason


@pytest.mark.parametrize("token", ["s3cretpart\rs3cretrest", "s3cretpart\ns3cretrest",
                                   "s3cretpart s3cretrest", "s3cretpart\ts3cretrest",
                                   "s3cretpart\u00e9s3cretrest"])
def test_a_token_a_header_cannot_carry_is_refused_unshown(
        mock_server: Any, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str], token: str) -> None:
    monkeypatch.setenv("FEDTUI_INSTANCE", mock_server.base_url)
    monkeypatch.setenv("FEDTUI_TOKEN", token)
    assert main(["timeline", "home"]) == 1
    said = capsys.readouterr()
    assert "s3cret" not in said.err + said.out
    assert said.err == ("fedtui: The access token has characters an HTTP header cannot carry "
                        "(a line break or a space?); check FEDTUI_TOKEN, or log in again.\n")


def test_the_network_library_s_quote_of_a_header_is_hidden(mock_server: Any) -> None:
    with pytest.raises(requests.exceptions.InvalidHeader) as caught:
        requests.get(mock_server.base_url, timeout=10,
                     headers={"Authorization": "Bearer s3cretpart\rs3cretrest"})
    assert "s3cret" in str(caught.value)  # what requests says
    reason = network_reason(caught.value)
    assert "s3cret" not in reason and "Bearer [hidden]" in reason, reason
