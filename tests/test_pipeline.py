import dataclasses

import pytest

from detente.config import Settings
from detente.errors import StageError
from detente import pipeline
from detente.pipeline import Stage, run, run_stage
from records import sample_analysis


def test_stage_that_writes_its_field_passes():
    a = sample_analysis()
    stage = Stage("drop", "1", ("events",), ("events",), lambda x, s: dataclasses.replace(x, events=x.events[:1]))
    assert len(run_stage(stage, a, Settings()).events) == 1


def test_stage_changing_an_undeclared_field_breaks_the_contract():
    a = sample_analysis()
    sneaky = Stage("sneaky", "1", (), ("events",), lambda x, s: dataclasses.replace(x, actors=()))
    with pytest.raises(StageError, match="changed 'actors'"):
        run_stage(sneaky, a, Settings())


def test_stage_exception_names_stage_and_article():
    a = sample_analysis()

    def boom(x, s):
        raise ValueError("bad parse")

    with pytest.raises(StageError) as info:
        run(a, Settings(), [Stage("boom", "1", (), (), boom)])
    assert info.value.stage == "boom" and info.value.article_id == a.article.id and "bad parse" in str(info.value)


def test_stage_must_return_an_analysis():
    with pytest.raises(StageError, match="did not return"):
        run_stage(Stage("none", "1", (), (), lambda x, s: None), sample_analysis(), Settings())


def test_stages_for_a_field_keep_only_what_it_needs():
    names = [s.name for s in pipeline.stages_for(["events"])]
    assert names == ["actors", "timexes", "places", "events", "dates", "event_places"]  # no stance
    assert [s.name for s in pipeline.stages_for(["stance"])] == [s.name for s in pipeline.STAGES]
