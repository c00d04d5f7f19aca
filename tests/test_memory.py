"""Memory that a long ``analyze`` run gives back or bounds (issue 19: peak RSS at 2,000 articles within 10% of 100)."""
import pytest


def _example_kb(tmp_path, words: int):
    from detente.actors import kb as K
    from detente.actors import kb_file
    from detente.actors.entries import Entry

    land = Entry("AZE", "Examplestan", "country", "AZE")
    names = [(Entry(f"org:Body {i}", f"Body{i} Council", "org", "AZE", "GOV"), [f"Body{i} Council"])
             for i in range(words)]
    kb = K.build([(land, ["Examplestan", "Examplestan Republic", *(f"Body{i} Land" for i in range(words))]),
                  *names])
    kb_file.write(kb, tmp_path / "kb.pack")
    return kb, kb_file.read(tmp_path / "kb.pack", K.KnowledgeBase)


def test_knowledge_base_file_keeps_a_bounded_number_of_decoded_subtrees(tmp_path, monkeypatch):
    from detente.actors import kb_file
    from detente.actors import text as T

    monkeypatch.setattr(kb_file, "NODES", 8)
    kb, back = _example_kb(tmp_path, 40)
    for i in range(40):
        toks = T.tokenize(f"Body{i} Council met in Examplestan Republic")
        assert [back.match(toks, j) for j in range(len(toks))] == [kb.match(toks, j) for j in range(len(toks))]
        assert len(back.trie._nodes) <= 8
    assert len(back.entries) == len(kb.entries)


def test_the_subtrees_kept_are_the_most_recently_used(tmp_path, monkeypatch):
    from detente.actors import kb_file
    from detente.actors import text as T

    monkeypatch.setattr(kb_file, "NODES", 3)
    _, back = _example_kb(tmp_path, 10)
    for i in (1, 2, 3, 1, 4):  # Body1 used again before Body4 arrives: Body2 is the one let go
        back.match(T.tokenize(f"Body{i} Council"), 0)
    kept = set(back.trie._nodes)
    assert {"body1", "body3", "body4"} <= {k.lower() for k in kept} and len(kept) == 3


def test_an_entry_held_stays_the_same_object_when_its_subtrees_are_decoded_again(tmp_path, monkeypatch):
    import gc

    from detente.actors import kb_file
    from detente.actors import text as T

    monkeypatch.setattr(kb_file, "NODES", 2)
    _, back = _example_kb(tmp_path, 10)
    held = back.match(T.tokenize("Examplestan"), 0)[1][0]
    for i in range(10):  # every subtree decoded and let go again meanwhile
        back.match(T.tokenize(f"Body{i} Land"), 0)
        back.match(T.tokenize(f"Body{i} Council"), 0)
    again = back.match(T.tokenize("Body7 Land"), 0)[1][0]
    assert again is held and back.country("AZE") is held
    gone = back.match(T.tokenize("Body3 Council"), 0)[1][0]
    ident = gone.id
    del gone
    gc.collect()
    for i in range(10):
        back.match(T.tokenize(f"Body{i} Land"), 0)
    assert len(back.trie._entries._made) < len(back.entries)  # entries nothing holds are let go
    assert back.match(T.tokenize("Body3 Council"), 0)[1][0].id == ident  # and made again, equal


def test_batch_writer_holds_pending_results_as_bytes_and_stores_them_unchanged(tmp_path):
    from detente import api
    from detente.model import Analysis, Article

    class Store:  # records what would be written
        def __init__(self):
            self.calls = []

        def write_batch(self, analyses, coder):
            self.calls.append(("write_batch", list(analyses), coder))

        def quarantine(self, *args, **kw):
            self.calls.append(("quarantine", args, kw))

    writer = api._BatchWriter(str(tmp_path / "w.duckdb"))
    first = [Analysis(article=Article.create(f"Two ministers met on day {i} to talk about a border.")) for i in range(3)]
    second = [Analysis(article=Article.create("A third minister stayed at home."))]
    writer.write_batch(first, "coder-a")
    writer.quarantine("bad.txt", "unreadable")
    writer.write_batch(second, "coder-a")
    writer.write_batch(first[:1], "coder-b")
    held = [blob for method, args, _ in writer.pending if method == "write_batch" for blob in args[0]]
    assert held and all(isinstance(blob, bytes) for blob in held)
    assert writer.waiting == 5
    store = Store()
    writer.write_into(store)
    assert [c[0] for c in store.calls] == ["write_batch", "quarantine", "write_batch", "write_batch"]
    assert store.calls[0][1] == first and store.calls[2][1] == second and store.calls[3][1] == first[:1]
    assert [c[2] for c in store.calls if c[0] == "write_batch"] == ["coder-a", "coder-a", "coder-b"]
    assert writer.stored_coder(second[0].article.id) == "coder-a" and writer.stored_coder(first[0].article.id) == "coder-b"
    assert writer.pending == [] and writer.waiting == 0


def test_sub_batches_of_tok2vec_parser_and_ner_leave_every_parse_unchanged(monkeypatch):
    from detente import nlp, pipeline
    from detente.config import Settings

    texts = [f"The envoy of the northern republic arrived in the port city on day {i} and met the mayor. "
             f"Talks on fishing rights ended without a deal, officials said." * (1 + i % 3) for i in range(7)]
    model = nlp.load(Settings().model)
    assert pipeline._component_cfg(model) == {name: {"batch_size": pipeline.TOK2VEC_BATCH}
                                              for name in ("tok2vec", "parser", "ner")}
    monkeypatch.setattr(pipeline, "TOK2VEC_BATCH", 2)
    small = [d.to_bytes() for d in pipeline._parse_all(texts, Settings())]
    monkeypatch.setattr(pipeline, "TOK2VEC_BATCH", 32)
    whole = [d.to_bytes() for d in pipeline._parse_all(texts, Settings())]
    assert small == whole and len(small) == len(texts)


def test_component_settings_only_for_the_components_a_pipeline_has():
    from detente import pipeline

    class Bare:
        pipe_names = ["tagger", "lemmatizer"]

    class Parsing:
        pipe_names = ["tagger", "parser"]

    assert pipeline._component_cfg(Bare()) is None
    assert pipeline._component_cfg(Parsing()) == {"parser": {"batch_size": pipeline.TOK2VEC_BATCH}}


def test_batch_writer_stores_a_bounded_number_of_batches_per_transaction(tmp_path, monkeypatch):
    from detente import api
    from detente.model import Analysis, Article

    class Store:
        def __init__(self):
            self.batches = []

        def write_batch(self, analyses, coder):
            self.batches.append([a.article.id for a in analyses])

    monkeypatch.setattr(api._BatchWriter, "WRITE_PACKS", 2)
    writer = api._BatchWriter(str(tmp_path / "w.duckdb"))
    made = [[Analysis(article=Article.create(f"Report {b}-{i} of a quiet week at the border.")) for i in range(2)]
            for b in range(5)]
    for batch in made:
        writer.write_batch(batch, "coder-a")
    store = Store()
    writer.write_into(store)
    ids = [[a.article.id for a in batch] for batch in made]
    assert store.batches == [ids[0] + ids[1], ids[2] + ids[3], ids[4]]
    assert all(writer.stored_coder(i) == "coder-a" for batch in ids for i in batch)


def _mapped_kib(path) -> int | None:
    """The resident KiB of ``path``'s mappings in this process (None where /proc/self/smaps is missing)."""
    import re

    try:
        lines = open("/proc/self/smaps").read().splitlines()
    except OSError:
        return None
    total, current = 0, None
    for line in lines:
        if re.match(r"^[0-9a-f]+-[0-9a-f]+ ", line):
            current = line.split()[-1] if len(line.split()) > 5 else None
        elif line.startswith("Rss:") and current == str(path):
            total += int(line.split()[1])
    return total


def test_released_packed_pages_leave_the_process_and_answers_stay(tmp_path):
    from detente import packed

    keys = [f"name {i}" for i in range(20_000)]
    values = [f"value {i} ".encode() * 20 for i in range(20_000)]
    path = tmp_path / "big.pack"
    packed.write(path, {"s": (keys, values)})
    section = packed.Packed(path).section("s")  # as the gazetteer and knowledge base hold them: the Packed let go
    before = [section.get(k) for k in keys]  # every page touched
    touched = _mapped_kib(path)
    if touched is None:
        pytest.skip("no /proc/self/smaps here")
    assert touched > 1000
    packed.release()
    assert _mapped_kib(path) < touched / 4
    assert [section.get(k) for k in keys] == before == values


def _plain(analysis):
    """An analysis without its spaCy Doc, to compare by value."""
    import dataclasses

    return dataclasses.replace(analysis, doc=None)


def _assert_same_answers(again, first):
    assert again.events == first.events and again.actors == first.actors and again.places == first.places
    assert again.stance == first.stance and again.timexes == first.timexes


def test_after_analysis_empties_the_stage_memories_and_changes_no_answer():
    from detente import memory, nlp
    from detente.actors.kb import load_kb
    from detente.events import tokens
    from detente.pipeline import analyze_text
    from detente.where import gazetteer

    text = ("The foreign minister of Georgia met her Armenian counterpart in Yerevan on Tuesday and the two "
            "governments agreed to reopen a railway crossing near the border town of Sadakhlo.")

    first = _plain(analyze_text(text, date="2024-05-07"))
    model = nlp.load(None)
    lemmas = model.get_pipe("lemmatizer").__dict__.get("_detente_memory", {})
    assert lemmas and load_kb(()).trie._nodes and (tokens._STRINGS or tokens._LEMMAS)
    from detente.actors import text as actor_text

    assert actor_text._READ  # the actors' tokenizer remembered the words read
    memory.after_analysis()
    assert not lemmas and not load_kb(()).trie._nodes and not tokens._STRINGS and not tokens._LEMMAS
    assert not gazetteer.load().index._seen and gazetteer.fold.cache_info().currsize == 0
    from detente.events import locations

    assert not actor_text._READ and locations.kb_place.cache_info().currsize == 0
    again = _plain(analyze_text(text, date="2024-05-07"))
    _assert_same_answers(again, first)


def test_release_models_lets_the_models_go_and_a_later_analysis_gives_the_same_answers():
    import gc

    from detente import memory, nlp
    from detente.pipeline import analyze_text

    text = ("Armenia and Georgia signed a transit agreement in Tbilisi on Friday after talks between their "
            "prime ministers about freight over the Upper Lars crossing.")

    first = _plain(analyze_text(text, date="2024-03-01"))
    model = nlp.load(None)
    assert nlp.load.cache_info().currsize
    gc.freeze()  # as pipeline._freeze leaves what loading made
    memory.after_analysis(release=True)
    assert nlp.load.cache_info().currsize == 0
    assert gc.get_freeze_count() == 0  # the released models' cycles are collectable again
    again = _plain(analyze_text(text, date="2024-03-01"))
    assert nlp.load(None) is not model  # loaded again
    _assert_same_answers(again, first)


def test_after_batch_empties_the_stage_memories_every_few_batches(monkeypatch):
    from detente import memory
    from detente.events import tokens

    monkeypatch.setattr(memory, "CLEAR_EVERY", 2)
    monkeypatch.setattr(memory, "_done", [0])
    tokens._STRINGS[-1] = "a remembered name"  # a memory entry of this test's own
    memory.after_batch()
    assert tokens._STRINGS.get(-1) == "a remembered name"  # one batch: kept
    memory.after_batch()
    assert -1 not in tokens._STRINGS  # the second: emptied


def test_a_memo_forgets_everything_when_full_and_every_memo_alive_is_emptied_after_a_batch(monkeypatch):
    import gc
    import pickle

    from detente import memory

    monkeypatch.setattr(memory, "CLEAR_EVERY", 1)
    words = memory.Memo(3)
    assert words.put("north", 1) == 1
    words.put("south", 2)
    words.put("east", 3)
    assert dict(words) == {"north": 1, "south": 2, "east": 3}
    words.put("west", 4)  # full: emptied first
    assert dict(words) == {"west": 4}
    other = memory.Memo(10)
    other.put(("a", 1), "x")
    memory.after_batch()
    assert not words and not other
    copy = pickle.loads(pickle.dumps(other))  # a copy sent to a worker starts empty, with the same bound
    assert isinstance(copy, memory.Memo) and copy.bound == 10
    gc.collect()  # memos of models an earlier test released, collected first
    held = len(memory._MEMOS)
    del copy, other
    gc.collect()
    assert len(memory._MEMOS) == held - 2  # a memo goes with its owner


def test_the_pipeline_memories_are_memos_emptied_after_a_batch():
    from detente import memory, nlp

    model = nlp.load(None)
    model("The envoy met the mayor of the port city on Tuesday.")
    lemmas = model.get_pipe("lemmatizer").__dict__["_detente_memory"]
    plan = model.get_pipe("attribute_ruler")._detente_plan[1]
    assert isinstance(lemmas, memory.Memo) and lemmas and isinstance(plan.memory, memory.Memo) and plan.memory
    memory.after_batch()
    assert not lemmas and not plan.memory and not any(plan.by_column)
