"""tools/build_natural.py: where a river is placed and how Natural Earth names are written (hand-built lines)."""
import importlib.util
import pathlib

import pytest


@pytest.fixture(scope="module")
def tool():
    path = pathlib.Path(__file__).resolve().parents[1] / "tools" / "build_natural.py"
    spec = importlib.util.spec_from_file_location("build_natural", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_a_river_is_placed_at_the_end_that_reaches_the_sea(tool):
    # drawn in two pieces, the lower one upstream (against the flow): the coast decides
    upper = [[-95.0, 32.0], [-94.5, 31.0]]
    lower = [[-93.9, 30.0], [-94.5, 31.0]]
    at_sea = lambda node, point: (abs(point[1] - 30.0) < 0.01, False)  # noqa: E731
    assert tool._mouth([upper, lower], at_sea) == (30.0, -93.9)


def test_a_tributary_ends_where_it_joins_another_river(tool):
    lines = [[[-82.0, 35.6], [-81.5, 35.2]], [[-80.9, 34.5], [-81.5, 35.2]]]  # the lower piece drawn upstream
    joins = lambda node, point: (False, abs(point[1] - 34.5) < 0.01)  # noqa: E731
    assert tool._mouth(lines, joins) == (34.5, -80.9)
    nowhere = lambda node, point: (False, False)  # noqa: E731
    assert tool._mouth([[[-82.0, 35.6], [-81.5, 35.2], [-80.9, 34.5]]], nowhere) == (34.5, -80.9)  # drawn downstream


def test_pieces_of_one_name_far_apart_are_two_rivers(tool):
    near = [[[10.0, 50.0], [10.5, 50.0]], [[10.6, 50.0], [11.0, 50.0]]]  # a gap of about 7 km: one river
    far = [[[10.0, 50.0], [10.5, 50.0]], [[20.0, 40.0], [20.5, 40.0]]]
    assert len(tool._components(near)) == 1 and len(tool._components(far)) == 2


def test_names_are_written_out(tool):
    assert tool.river_names("Oakwater") == ["Oakwater River"]
    assert tool.river_names("Pine Cr.") == ["Pine Creek"]
    assert tool.river_names("N. Fk. Oakwater") == []
    assert tool._title("GREAT SAND MTS.") == "Great Sand Mountains"
    assert tool._title("Ridge Pen.") == "Ridge Peninsula"
