"""Ask a question from the browser: the same engine as ``chorus ask``, stored the same way.

``POST /questions`` (a plain form, no script) runs the stance stage over the build and stores
the report in the ``questions`` table, then shows it at ``/questions/{id}``. It is the one
request that writes: it opens the database for writing only for that, answers 503 while a build
holds it, and refuses a form posted from another site (a page elsewhere cannot make the UI ask).
"""

from typing import Any
from urllib.parse import parse_qs, urlsplit

import duckdb
from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from chorus.report import questions
from chorus.store import Store, database_path
from chorus.web.kit import Kit

MAX_QUESTION_CHARS = 300
MAX_FORM_BYTES = 4096


def register(app: FastAPI, kit: Kit) -> None:
    StoreDep = kit.store
    page = kit.page

    @app.get("/questions", response_class=HTMLResponse)
    def questions_page(request: Request, store: StoreDep) -> Any:
        return page(request, "questions.html", questions=questions.questions(store), asked="")

    @app.get("/questions/{qid}", response_class=HTMLResponse)
    def question_page(request: Request, qid: str, store: StoreDep) -> Any:
        found = questions.question(store, qid)
        if found is None:
            raise HTTPException(404, f"no question {qid!r} has been asked")
        return page(request, "question.html", question=found)

    @app.post("/questions")
    async def ask(request: Request) -> Any:
        _same_site(request)
        text = await _question_from_form(request)
        _ask(kit, text)
        target = f"/questions/{questions.question_id(text)}"
        return RedirectResponse(target, status_code=303)


def _same_site(request: Request) -> None:
    """A form posted by a page of another origin is refused (the browser names that origin)."""
    origin = request.headers.get("origin")
    if origin and origin != "null" and urlsplit(origin).netloc != request.headers.get("host"):
        raise HTTPException(403, "questions can only be asked from chorus's own pages")
    if request.headers.get("sec-fetch-site") == "cross-site":
        raise HTTPException(403, "questions can only be asked from chorus's own pages")


async def _question_from_form(request: Request) -> str:
    body = await request.body()
    if len(body) > MAX_FORM_BYTES:
        raise HTTPException(400, "the form is too large")
    values = parse_qs(body.decode("utf-8", errors="replace"))
    text = " ".join((values.get("question") or [""])[0].split())
    if not text:
        raise HTTPException(400, "type a question to ask, e.g. “Will the army cross the border?”")
    if len(text) > MAX_QUESTION_CHARS:
        raise HTTPException(400, f"a question of at most {MAX_QUESTION_CHARS} characters, please")
    return text


def _ask(kit: Kit, text: str) -> None:
    """Run the stance stage (as ``chorus ask`` does) and store its report."""
    from chorus.engines.corpus import answer_question

    if not database_path(kit.db_dir).exists():
        raise HTTPException(503, f"no chorus database in {kit.db_dir}; run `chorus build`")
    try:
        store = Store(kit.db_dir)
    except duckdb.Error as exc:
        raise HTTPException(503, f"the database is busy (a build is writing): {exc}") from exc
    try:
        answer_question(store, text)
    finally:
        store.close()
