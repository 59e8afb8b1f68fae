"""Writing posts: publish (idempotently), schedule, edit, delete and redraft, upload media.

`PostingActions` is the posting half of `fedtui.mastodon.actions.Actions`. Every call
blocks and raises only `fedtui.errors` exceptions.
"""

from __future__ import annotations

import mimetypes
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from fedtui.core.capabilities import Feature, FeatureMissing
from fedtui.core.compose import VISIBILITIES, plain_source
from fedtui.core.fields import str_field
from fedtui.core.model import Attachment, Poll, Status
from fedtui.core.sanitize import clean_line
from fedtui.errors import ApiError, FedtuiError, NetworkError
from fedtui.mastodon.action_types import (
    ComposeLimits,
    DeletionUnsure,
    PollDraft,
    PostDraft,
    ScheduledPost,
    poll_draft_of,
)
from fedtui.mastodon.client import InstanceClient, int_or, nested
from fedtui.mastodon.session import http_status

if TYPE_CHECKING:
    from mastodon import Mastodon

#: Upload limits when the server does not say (Mastodon's defaults).
DEFAULT_IMAGE_LIMIT = 16 * 1024 * 1024
DEFAULT_VIDEO_LIMIT = 99 * 1024 * 1024
#: How long `upload_media` waits for the server to process an upload.
PROCESSING_TIMEOUT = 120.0


class _ProgressReader:
    """A file wrapper that reports bytes read, for upload progress."""

    def __init__(self, handle: IO[bytes], total: int,
                 on_progress: Callable[[int, int], None] | None) -> None:
        self._handle = handle
        self._total = total
        self._done = 0
        self._on_progress = on_progress

    def read(self, size: int = -1) -> bytes:
        chunk = self._handle.read(size)
        self._done += len(chunk)
        if self._on_progress is not None and chunk:
            self._on_progress(min(self._done, self._total), self._total)
        return chunk

    def __getattr__(self, name: str) -> Any:
        return getattr(self._handle, name)


def draft_of(status: Status, text: str, spoiler_text: str) -> PostDraft:
    """`status` as a draft to write again: `text` and `spoiler_text` (the source, or what
    the deletion answered) with the post's settings, media and poll."""
    return PostDraft(
        text=text,
        spoiler_text=spoiler_text,
        visibility=status.visibility,
        language=status.language,
        in_reply_to_id=status.in_reply_to_id,
        poll=poll_draft_of(status.poll) if status.poll is not None else None,
        media_ids=tuple(m.id for m in status.media),
        sensitive=status.sensitive,
        quote_id=status.quote.status_id if status.quote is not None else None,
    )


class PostingActions:
    """Posting, editing, deleting, scheduling and media uploads for one account."""

    def __init__(self, client: InstanceClient) -> None:
        self._client = client
        self._limits: ComposeLimits | None = None
        self._media_limits: tuple[int, int] | None = None  # image, video bytes
        self._scheduling_seen = False  # the server listed scheduled posts once

    @property
    def client(self) -> InstanceClient:
        """The account's `InstanceClient` (for reading timelines alongside the actions)."""
        return self._client

    @property
    def _api(self) -> Mastodon:
        return self._client.api

    @contextmanager
    def _missing(self, feature: Feature, status_id: str | None = None) -> Iterator[None]:
        """Inside `errors()`: a 404/405/501 from the block means the server lacks `feature`
        (remembered; raised as `FeatureMissing` with the calm sentence). With `status_id`,
        a 404 counts only if that post still exists (else the post is what is missing)."""
        from mastodon.errors import MastodonAPIError

        try:
            yield
        except MastodonAPIError as exc:
            status = http_status(exc)
            if status == 404 and status_id is not None:
                self._api.status(status_id)  # raises its own 404 if the post is gone
            if self._client.capabilities.learn(feature, status):
                raise FeatureMissing(feature, status) from exc
            raise

    # --- limits ----------------------------------------------------------------------

    def compose_limits(self) -> ComposeLimits:
        """The server's posting limits and the user's defaults (visibility, language).

        A server that does not describe itself gets the usual limits (its lack is
        remembered in the client's capabilities); only the account is required.
        """
        data = self._client.server_info()
        with self._client.errors():
            source = nested(self._api.account_verify_credentials(), "source")
        conf = nested(data, "configuration") or {}
        statuses, polls = nested(conf, "statuses"), nested(conf, "polls")
        if not statuses and isinstance(data, Mapping):  # v1 before 3.x: max_toot_chars
            statuses = {"max_characters": data.get("max_toot_chars")}
        media = nested(conf, "media_attachments")
        self._media_limits = (
            int_or(nested(media, "image_size_limit"), DEFAULT_IMAGE_LIMIT),
            int_or(nested(media, "video_size_limit"), DEFAULT_VIDEO_LIMIT),
        )
        default = ComposeLimits()
        language = nested(source, "language")
        privacy = nested(source, "privacy")
        limits = ComposeLimits(
            max_characters=int_or(nested(statuses, "max_characters"), default.max_characters),
            characters_reserved_per_url=int_or(nested(statuses, "characters_reserved_per_url"),
                                             default.characters_reserved_per_url),
            max_poll_options=int_or(nested(polls, "max_options"), default.max_poll_options),
            max_poll_option_characters=int_or(nested(polls, "max_characters_per_option"),
                                            default.max_poll_option_characters),
            min_poll_expiration=int_or(nested(polls, "min_expiration"),
                                     default.min_poll_expiration),
            max_poll_expiration=int_or(nested(polls, "max_expiration"),
                                     default.max_poll_expiration),
            max_media_attachments=int_or(nested(statuses, "max_media_attachments"),
                                       default.max_media_attachments),
            default_visibility=privacy if privacy in VISIBILITIES else "public",
            default_language=clean_line(str(language or "")) or None,
            default_sensitive=bool(nested(source, "sensitive")),
        )
        self._limits = limits
        return limits

    # --- posting ---------------------------------------------------------------------

    def _poll(self, poll: PollDraft | None) -> Any:
        if poll is None:
            return None
        return self._api.make_poll(list(poll.options), poll.expires_in, multiple=poll.multiple,
                                   hide_totals=poll.hide_totals)

    def post(self, draft: PostDraft, idempotency_key: str) -> Status | ScheduledPost:
        """Publish (or schedule, with `scheduled_at`) `draft`.

        The Idempotency-Key header makes a retry with the same key after a timeout or a
        dropped connection return the first attempt's status instead of posting twice.
        """
        if not idempotency_key:
            raise ValueError("post() needs an idempotency key")
        if draft.visibility and draft.visibility not in VISIBILITIES:  # "": the default
            raise ApiError(f"Unknown visibility {draft.visibility!r}; use one of "
                           f"{', '.join(VISIBILITIES)}.")
        capabilities = self._client.capabilities
        if draft.scheduled_at is not None:
            capabilities.check(Feature.SCHEDULED)
            if not self._scheduling_seen:
                self.scheduled()  # a server without the list would publish the post now
        if draft.quote_id:
            capabilities.check(Feature.QUOTES)
        with self._client.errors():
            result: Any = self._api.status_post(
                draft.text,
                in_reply_to_id=draft.in_reply_to_id,
                media_ids=list(draft.media_ids) or None,
                sensitive=draft.sensitive,
                visibility=draft.visibility or None,
                spoiler_text=draft.spoiler_text or None,
                language=draft.language,
                idempotency_key=idempotency_key,
                scheduled_at=draft.scheduled_at,
                poll=self._poll(draft.poll),
                quoted_status_id=draft.quote_id,
            )
        if not isinstance(result, Mapping):
            raise ApiError(f"{self._client.host} sent a malformed reply to the new post.")
        # (Mastodon.py casts the answer to a scheduled post whatever it is: look inside.)
        if isinstance(result.get("params"), Mapping) and result.get("scheduled_at"):
            return ScheduledPost.from_api(result)
        # A server that ignores a field answers as if it had not been sent: the post is
        # published now, or without its quote (`fedtui.core.compose.published_notice`).
        posted = Status.from_api(result)
        if draft.scheduled_at is not None:
            capabilities.mark_missing(Feature.SCHEDULED)
        if draft.quote_id and posted.quote is None:
            capabilities.mark_missing(Feature.QUOTES)
        return posted

    def edit(self, status_id: str, draft: PostDraft,
             media_descriptions: Mapping[str, str] | None = None) -> Status:
        """Replace the post's text, CW, sensitivity, media and poll with `draft`'s.

        Media and poll must be in the draft to be kept (the server drops what is left
        out); `source()` fills them in. `media_descriptions` changes alt texts by id.
        """
        self._client.capabilities.check(Feature.EDIT)
        with self._client.errors(), self._missing(Feature.EDIT, status_id):
            attributes = None
            if media_descriptions:
                attributes = [
                    self._api.generate_media_edit_attributes(
                        media_id, description=media_descriptions.get(media_id))
                    for media_id in draft.media_ids
                ]
            result = self._api.status_update(
                status_id,
                draft.text,
                spoiler_text=draft.spoiler_text,
                sensitive=draft.sensitive,
                # Mastodon.py derives media_ids from media_attributes; both at once fail.
                media_ids=None if attributes else list(draft.media_ids),
                poll=self._poll(draft.poll),
                media_attributes=attributes,
            )
            return Status.from_api(result)

    def source(self, status_id: str) -> PostDraft:
        """The post as an editable draft: its source text and CW, media, poll, settings.

        Where the server has no source endpoint, or sends HTML as the source, the text is
        the post's HTML as plain text.
        """
        from mastodon.errors import MastodonAPIError

        capabilities = self._client.capabilities
        source: Any = None
        with self._client.errors():
            status = Status.from_api(self._api.status(status_id))  # first: it exists
            if capabilities.supports(Feature.SOURCE):
                try:
                    source = self._api.status_source(status_id)
                except MastodonAPIError as exc:
                    if not capabilities.learn(Feature.SOURCE, http_status(exc)):
                        raise
        if not isinstance(source, Mapping):
            source = {}
        text = plain_source(source.get("text"), status.content)
        spoiler = (str_field(source, "spoiler_text") if isinstance(source.get("spoiler_text"), str)
                   else status.spoiler_text)
        return draft_of(status, text, spoiler)

    def delete(self, status_id: str) -> PostDraft:
        """Delete the post; returns its redraft (source text, media ids kept, poll), empty
        when the server's answer has none. When the answer is lost (a timeout, a dropped
        connection, a 5xx), the post is looked up: gone, it was deleted; there, the error
        stands; when that cannot be told either, `DeletionUnsure`."""
        failed: FedtuiError | None = None
        try:
            with self._client.errors():
                result: Any = self._api.status_delete(status_id)
        except (NetworkError, ApiError) as err:
            failed = err
        if failed is not None:  # (looked up outside the handler: its error is not the cause)
            refused = isinstance(failed, ApiError) and failed.status is not None \
                and 400 <= failed.status < 500 and failed.status != 404
            if refused or not self._gone(status_id, failed):
                raise failed
            return PostDraft()
        if not isinstance(result, Mapping) or not result:
            return PostDraft()
        status = Status.from_api(result)
        return draft_of(status, plain_source(result.get("text"), status.content),
                        status.spoiler_text)

    def delete_to_redraft(self, status_id: str) -> PostDraft:
        """Delete the post and give it back to write again. Its source is read first, for
        servers that answer a deletion without it and for an answer that is lost."""
        before = self.source(status_id)
        try:
            answered = self.delete(status_id)
        except DeletionUnsure as err:
            raise DeletionUnsure(str(err), draft=before) from err
        return answered if answered.text or answered.media_ids or answered.poll else before

    def _gone(self, status_id: str, err: FedtuiError) -> bool:
        """After a deletion whose answer was lost: whether the post is gone."""
        try:
            self._client.status(status_id)
        except ApiError as lookup:
            if lookup.status in (404, 410):
                return True
            raise DeletionUnsure(str(err)) from err
        except NetworkError:
            raise DeletionUnsure(str(err)) from err
        return False

    # --- scheduled -------------------------------------------------------------------

    def scheduled(self) -> list[ScheduledPost]:
        """The user's scheduled posts, soonest first."""
        self._client.capabilities.check(Feature.SCHEDULED)
        with self._client.errors(), self._missing(Feature.SCHEDULED):
            found: Any = self._api.scheduled_statuses(limit=40)
        self._scheduling_seen = True
        posts = [ScheduledPost.from_api(x) for x in found or () if isinstance(x, Mapping)]
        return sorted(posts, key=lambda p: p.scheduled_at)

    def cancel_scheduled(self, scheduled_id: str) -> None:
        with self._client.errors():
            self._api.scheduled_status_delete(scheduled_id)

    # --- media -----------------------------------------------------------------------

    def upload_media(self, path: Path, description: str = "",
                     on_progress: Callable[[int, int], None] | None = None, *,
                     processing_timeout: float = PROCESSING_TIMEOUT) -> Attachment:
        """Upload a file (media API v2) with its alt text; waits, polling with backoff,
        while the server processes it (202 / url null), at most `processing_timeout` s."""
        path = Path(path)
        try:
            size = path.stat().st_size
        except FileNotFoundError:
            raise ApiError(f"The file {path} does not exist.") from None
        except OSError as exc:
            raise ApiError(f"The file {path} could not be read ({exc.strerror}).") from None
        if not path.is_file():
            raise ApiError(f"{path} is not a file.")
        mime, _ = mimetypes.guess_type(path.name)
        if mime is None:
            raise ApiError(f"fedtui cannot tell what kind of file {path.name} is; use a "
                           "common image, video or audio file name extension.")
        image_limit, video_limit = self._media_limits or (DEFAULT_IMAGE_LIMIT,
                                                          DEFAULT_VIDEO_LIMIT)
        limit = image_limit if mime.startswith("image/") else video_limit
        if size > limit:
            raise ApiError(f"{path.name} is too large ({_mb(size)}); {self._client.host} "
                           f"accepts at most {_mb(limit)} for this kind of file.")
        if on_progress is not None:
            on_progress(0, size)
        try:
            with path.open("rb") as handle, self._client.errors():
                reader = _ProgressReader(handle, size, on_progress)
                # No file name: the server gets a random one, not the user's.
                result: Any = self._api.media_post(reader, mime_type=mime,
                                                   description=description or None)
        except OSError as exc:
            raise ApiError(f"The file {path} could not be read ({exc.strerror}).") from None
        except ApiError as exc:
            if exc.status == 413:
                raise ApiError(f"{self._client.host} refused {path.name} as too large "
                               f"({_mb(size)}).", status=413) from exc
            raise
        attachment = self._wait_processed(result, processing_timeout)
        if on_progress is not None:
            on_progress(size, size)
        return attachment

    def _wait_processed(self, result: Any, timeout: float) -> Attachment:
        deadline = time.monotonic() + timeout
        delay = 0.25
        media_id = result.get("id") if isinstance(result, Mapping) else None
        while isinstance(result, Mapping) and media_id and not result.get("url"):
            if time.monotonic() >= deadline:
                raise ApiError(f"{self._client.host} is still processing the upload after "
                               f"{round(timeout)} s. Try again later.")
            time.sleep(delay)
            delay = min(delay * 2, 5.0)
            with self._client.errors():
                result = self._api.media(media_id)
        if not isinstance(result, Mapping) or not result.get("id"):
            raise ApiError(f"{self._client.host} sent a malformed reply to the upload.")
        return Attachment.from_api(result)

    def set_alt_text(self, media_id: str, description: str) -> Attachment:
        """Change the alt text of an upload not yet attached to a post."""
        with self._client.errors():
            return Attachment.from_api(self._api.media_update(media_id,
                                                              description=description))

    # --- polls -----------------------------------------------------------------------

    def vote(self, poll_id: str, choices: Sequence[int]) -> Poll:
        with self._client.errors():
            return Poll.from_api(self._api.poll_vote(poll_id, list(choices)))


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"
