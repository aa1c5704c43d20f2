"""Runs personas through the interviewer and the plan drafter, and scores every run."""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field
from datetime import date, datetime, timezone

from langchain_core.language_models import BaseChatModel

from assistant.evaluation import scorecard
from assistant.evaluation.cases import Case
from assistant.evaluation.judge import Judge
from assistant.evaluation.metrics import score_case
from assistant.evaluation.ratings import ratings_from_store, summarise_ratings
from assistant.evaluation.scripted import LABEL, SCRIPTED, scripted_model
from assistant.evaluation.usage import cost, metering
from assistant.interview.state import InterviewState
from assistant.settings import Settings, get_settings


@dataclass
class EvalConfig:
    model: str | None = None
    base_url: str | None = None
    chat_model: BaseChatModel | None = None  # injected (tests, benchmarks)
    judge_model: BaseChatModel | None = None
    judge_label: str | None = None
    simulate_model: BaseChatModel | None = None  # plays the PM from each persona's description
    today: date = field(default_factory=date.today)
    ratings: list[int] | None = None


def plan_for(result: dict, case: Case, model: BaseChatModel | None, ladder, today: date):
    """(plan as JSON, failing check names) from the replay, drafting one if replay left it empty."""
    plan, failures, _ = drafted(result, case, model, ladder, today)
    return plan, failures


def drafted(result: dict, case: Case, model: BaseChatModel | None, ladder, today: date,
            method: str = "function_calling"):
    """As plan_for, and where the plan came from ("llm", "llm-repaired", "offline"; None when
    replay had drafted it already)."""
    try:
        from assistant.plan.checks import check_plan
        from assistant.plan.drafter import draft_plan
        from assistant.plan.schema import Plan
    except ImportError:
        return None, None, None
    state = InterviewState.model_validate(result["state"])
    notes = case.persona.context.manager_notes
    source = None
    if result.get("plan"):
        plan = Plan.model_validate(result["plan"])
    else:
        draft = draft_plan(result["transcript"], state, ladder, model, today, notes, method=method)
        plan, source = draft.plan, draft.source
    failures = check_plan(plan, result["transcript"], state.gaps_offered, notes, state.horizon_declined)
    return plan.model_dump(mode="json"), [str(f) for f in failures], source


def llm_path(result: dict, plan_source: str | None) -> dict | None:
    """How the LLM path treated the model in one conversation, as counts the scorecard pools:
    readings merged with or replaced by the offline reader's, messages repaired or replaced by the
    phrasebook, the plan's source, and how often the reply started on the offline guess was kept.
    None on the offline backend."""
    tally = result.get("fallbacks")
    if tally is None:
        return None
    readings, messages = tally.get("readings") or {}, tally.get("messages") or {}
    kept = (result.get("speculation") or {}).get("kept")
    return {
        "readings": sum(v for k, v in readings.items() if k != "error"),
        "readings_merged": readings.get("llm+rules", 0),
        "readings_replaced": readings.get("rules-fallback", 0),
        "replaced_fields": dict(tally.get("replaced_fields") or {}),
        # A speculative reply dropped unseen was never a message anyone saw.
        "messages": sum(v for k, v in messages.items() if k not in ("discarded", "error")),
        "messages_repaired": messages.get("repaired", 0),
        "messages_replaced": messages.get("replaced", 0),
        "message_faults": dict(tally.get("message_faults") or {}),
        "plan_source": plan_source or tally.get("plan_source"),
        "guesses": len(kept) if kept is not None else None,
        "guesses_kept": sum(kept) if kept is not None else None,
    }


def next_session_pushes(case: Case, result: dict, backend, settings: Settings) -> int | None:
    """Open a later conversation with what this one taught the engine; count a return to the
    long horizon in its first message. None when the PM never declined it."""
    from assistant.engine import start_interview
    from assistant.evaluation.understanding import pushes_long_horizon
    from assistant.interview.session import MemoryJournal

    state = InterviewState.model_validate(result["state"])
    if not state.horizon_declined:
        return None
    later = start_interview(backend, MemoryJournal(), case.persona.interview_context(), memory=state.memory(),
                            settings=settings)
    turn = later.open()
    text = turn.run()
    return int(turn.move.kind.value == "back_off" or turn.move.slot in ("title", "company", "location", "people")
               or pushes_long_horizon(text))


def run_case(case: Case, config: EvalConfig, settings: Settings) -> dict:
    """One persona, end to end: interview, plan, deterministic scores, judge scores."""
    from assistant.evaluation.replay import replay
    from assistant.engine import build_backend

    chat_model, model = config.chat_model, config.model
    if model == SCRIPTED and chat_model is None:
        # One oracle per persona: it reads that persona's ground truth.
        chat_model, model = scripted_model(case.persona), None
    if getattr(chat_model, "follow", None) is not None:
        settings = settings.model_copy(update={"speculative_reply": True})
    backend = build_backend(settings, model, config.base_url, chat_model=chat_model,
                            seed=case.persona.name)
    with metering(backend.model) as interview_meter:
        if config.simulate_model is not None and case.persona.description:
            from assistant.evaluation.simulated import simulate
            result = simulate(case.persona, backend, config.simulate_model, settings)
        else:
            # The plan is drafted below, so its calls are counted apart from the interview's.
            extra = {"plan": False} if "plan" in inspect.signature(replay).parameters else {}
            result = replay(case.persona, model, config.base_url, chat_model=backend.model, **extra)
    with metering(backend.model) as follow_meter:
        scores_next = next_session_pushes(case, result, backend, settings)
    with metering(backend.model) as plan_meter:
        plan, failures, plan_source = drafted(result, case, backend.model, backend.ladder, config.today,
                                              settings.structured_method)
    if plan is not None:
        result["plan"] = plan
    scores = score_case(case, result, failures).as_dict()
    if plan is not None:
        from assistant.plan.quality import plan_quality

        scores["plan_quality"] = plan_quality(plan, result["transcript"], case.persona.context.manager_notes)
    scores["pushes_next_session"] = scores_next
    scores["llm_path"] = llm_path(result, plan_source)
    interview_usage = interview_meter.totals()
    for key, value in follow_meter.totals().items():
        interview_usage[key] += value
    scores["usage"] = {"interview": interview_usage, "plan": plan_meter.totals()}
    scores["simulated"] = bool(result.get("simulated"))
    if config.judge_model is not None:
        with metering(config.judge_model) as judge_meter:
            scores["judge"] = Judge(config.judge_model, settings.structured_method).transcript(result["transcript"])
        scores["usage"]["judge"] = judge_meter.totals()
    scores["transcript"] = result["transcript"]
    return scores


def run_eval(cases: list[Case], config: EvalConfig, settings: Settings | None = None,
             personas_dir: str | None = None) -> dict:
    """Every case, then the scorecard with headline figures, usage, cost and ratings."""
    settings = settings or get_settings()
    from assistant.models import backend_info

    from assistant.interview.reader import ModelUnavailable

    results, errors = [], []
    for case in cases:
        try:
            results.append(run_case(case, config, settings))
        except ModelUnavailable as exc:
            # One outage should not throw away the other personas' runs; the scorecard names it.
            errors.append({"persona": case.persona.name, "error": str(exc)})
    if not results and errors:
        raise ModelUnavailable(errors[0]["error"])
    if config.chat_model is not None:
        label = getattr(config.chat_model, "model_name", None) or type(config.chat_model).__name__
    elif config.model == SCRIPTED:
        label = LABEL
    else:
        label = backend_info(settings, config.model, config.base_url).label
    calls = sum(r["usage"]["interview"]["calls"] + r["usage"]["plan"]["calls"] for r in results)
    tokens_in = sum(r["usage"]["interview"]["input_tokens"] + r["usage"]["plan"]["input_tokens"] for r in results)
    tokens_out = sum(r["usage"]["interview"]["output_tokens"] + r["usage"]["plan"]["output_tokens"] for r in results)
    model_name = config.model or settings.resolved_model
    # The judge's calls are the evaluation's cost, not the product's, so they are kept apart.
    usage = {"calls": calls, "input_tokens": tokens_in, "output_tokens": tokens_out,
             "cost_usd": cost(model_name, tokens_in, tokens_out, settings.prices),
             "judge_calls": sum(r["usage"].get("judge", {}).get("calls", 0) for r in results)}
    ratings = config.ratings if config.ratings is not None else ratings_from_store(settings.database)
    meta = {"backend": label, "judge": config.judge_label, "personas": personas_dir or "personas/",
            "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "simulated": config.simulate_model is not None, "errors": errors}
    return scorecard.build(results, meta, summarise_ratings(ratings) if ratings is not None else None, usage)
