"""Stance in Russian: a valence word list read through the parse, per actor (sentences written for these tests)."""
import pytest

from detente import nlp as nlp_mod
from detente.pipeline import analyze_text
from detente.ru.stance import label_of, lexicon, mention_score, target_polarity


@pytest.fixture(scope="module")
def ru():
    return nlp_mod.load_ru()


def pol(ru, text, target):
    i = text.index(target)
    return target_polarity(ru(text), i, i + len(target))


def test_words_about_the_actor_set_its_polarity(ru):
    assert pol(ru, "Казахстан щедро помог соседям восстановить дома.", "Казахстан") == 1
    assert pol(ru, "Армия Ирана жестоко подавила протесты.", "Ирана") == -1
    assert pol(ru, "Делегация Киргизии прибыла на переговоры.", "Киргизии") == 0


def test_aggressor_and_victim_of_one_act_differ(ru):
    text = "Беспилотники Турции атаковали Сирию."
    assert pol(ru, text, "Турции") == -1
    assert pol(ru, text, "Сирию") == 1


def test_judgement_counts_toward_the_judged_not_the_judge(ru):
    text = "Норвегия раскритиковала Венгрию за нарушение договорённостей."
    assert pol(ru, text, "Венгрию") == -1
    assert pol(ru, text, "Норвегия") == 0


def test_negation_and_shifters(ru):
    assert pol(ru, "Молдова не нарушала соглашение.", "Молдова") != -1
    assert pol(ru, "Швейцария предотвратила кровопролитие.", "Швейцария") == 1
    assert pol(ru, "Узбекистан не допустил эскалации.", "Узбекистан") == 1


def test_label_band():
    assert label_of(0.0) == 0 and label_of(5.0) == 1 and label_of(-5.0) == -1


def test_lexicon_is_data():
    words, pairs, shifters = lexicon()
    assert words["агрессия"][0] < 0 < words["помощь"][0]
    assert words["осудить"][1] is True  # a judgement: toward the one judged
    assert ("высоко", "оценить") in pairs and "предотвратить" in shifters


def test_russian_article_gets_stance_per_actor():
    a = analyze_text("Азербайджан грубо нарушил перемирие и обстрелял сёла. Армения проявила сдержанность "
                     "и мудрость.", date="2024-06-01")
    by = {s.actor: s.polarity for s in a.stance}
    assert by["AZE"] < 0 < by["ARM"]
