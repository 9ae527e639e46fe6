"""Video URLs: the embed (player) URL of a video page, computed without a network call.

The API gives front ends a ready-to-frame player URL; privacy-friendly hosts first
(YouTube's no-cookie domain). Unknown hosts give no embed URL, never a guess.
"""

import re
from urllib.parse import parse_qs, urlsplit

_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{6,20}$")
_DIGITS = re.compile(r"^\d+$")
_PEERTUBE_ID = re.compile(r"^[A-Za-z0-9-]{6,64}$")


def _youtube_id(parts):
    host = parts.hostname or ""
    path = [p for p in parts.path.split("/") if p]
    if host.endswith("youtu.be") and path:
        return path[0]
    if host.endswith("youtube.com") or host.endswith("youtube-nocookie.com"):
        if path[:1] == ["watch"]:
            return (parse_qs(parts.query).get("v") or [""])[0]
        if len(path) >= 2 and path[0] in {"embed", "shorts", "live", "v"}:
            return path[1]
    return ""


def video_provider_and_embed(url):
    """(provider, embed_url) for a video page URL; ("", "") when unknown."""
    try:
        parts = urlsplit(url or "")
    except ValueError:
        return "", ""
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        return "", ""
    host = parts.hostname.lower()
    path = [p for p in parts.path.split("/") if p]

    video_id = _youtube_id(parts)
    if video_id and _YOUTUBE_ID.match(video_id):
        return "youtube", f"https://www.youtube-nocookie.com/embed/{video_id}"
    if host.endswith("vimeo.com"):
        ids = [p for p in path if _DIGITS.match(p)]
        if ids:
            return "vimeo", f"https://player.vimeo.com/video/{ids[0]}"
        return "", ""
    if host.endswith("dailymotion.com") and len(path) >= 2 and path[0] == "video":
        return "dailymotion", f"https://www.dailymotion.com/embed/video/{path[1]}"
    # PeerTube instances: /w/<id>, /videos/watch/<id>, /videos/embed/<id>.
    peertube_id = ""
    if len(path) == 2 and path[0] == "w":
        peertube_id = path[1]
    elif len(path) == 3 and path[0] == "videos" and path[1] in {"watch", "embed"}:
        peertube_id = path[2]
    if peertube_id and _PEERTUBE_ID.match(peertube_id):
        return "peertube", f"https://{host}/videos/embed/{peertube_id}"
    return "", ""
