"""Packed knowledge files (detente.packed): what is read back is what was written, and the gazetteer and the
knowledge base read from them answer as the objects they were written from, entry identities included."""
import os
import pickle

import pytest

from detente import packed


def test_round_trip_of_keyed_and_plain_sections(tmp_path):
    keys = ["alpha", "beta", "", "ünïcode", "gamma delta"]
    values = [b"1", b"", b"three", "vier".encode(), b"\x00\x01"]
    path = tmp_path / "x.pack"
    packed.write(path, {"named": (keys, values), "plain": (None, [b"a", b"bb"])}, {"note": [1, 2]})
    pack = packed.Packed(path)
    named = pack.section("named")
    assert [named.get(k) for k in keys] == values
    assert named.get("missing") is None and named.find("alph") == -1
    assert list(named.keys()) == keys and len(named) == 5
    plain = pack.section("plain")
    assert [plain.value(i) for i in range(len(plain))] == [b"a", b"bb"]
    assert pack.meta == {"note": [1, 2]}
    back = pickle.loads(pickle.dumps(pack))  # pickles as its path
    assert back.section("named").get("beta") == b""


def test_an_incomplete_file_is_refused(tmp_path):
    path = tmp_path / "x.pack"
    packed.write(path, {"s": (["k"], [b"v"])})
    data = path.read_bytes()
    (tmp_path / "cut.pack").write_bytes(data[:len(data) // 2])
    with pytest.raises(ValueError):
        packed.Packed(tmp_path / "cut.pack")


def test_cached_file_is_written_once_and_rewritten_when_unreadable(tmp_path, monkeypatch, cache_dir):
    from detente.cache import cached_file

    src = tmp_path / "data.txt"
    src.write_text("a")
    writes = []

    def write(p):
        writes.append(1)
        packed.write(p, {"s": (["k"], [src.read_text().encode()])})

    def read(p):
        return packed.Packed(p).section("s").get("k")

    assert cached_file("t", [src], write, read) == b"a"
    assert cached_file("t", [src], write, read) == b"a" and len(writes) == 1
    (entry,) = cache_dir.glob("t-*.pack")
    entry.write_bytes(b"broken")  # as if another program had damaged it
    assert cached_file("t", [src], write, read) == b"a" and len(writes) == 2
    monkeypatch.setenv("DETENTE_NO_CACHE", "1")
    assert cached_file("t", [src], write, read) is None


def test_gazetteer_file_answers_as_the_gazetteer_it_was_written_from(tmp_path):
    from types import MappingProxyType

    from detente.where import gazetteer_file
    from detente.where.gazetteer import Entry, Gazetteer

    town = Entry("Fooville", 10.5, -3.25, "AZE", 7, "city", 1200, "AZ.01", False)
    country = Entry("Barland", 11.0, -3.0, "AZE", 8, "country", 90000)
    gaz = Gazetteer(MappingProxyType({"fooville": (town,), "barland": (country, town), "=FB": (country,)}),
                    MappingProxyType({"barlandic": country}), MappingProxyType({"AZE": country}),
                    MappingProxyType({}))
    gazetteer_file.write(gaz, tmp_path / "g.pack")
    back = gazetteer_file.read(tmp_path / "g.pack", Entry, Gazetteer)
    assert back.lookup("Fooville") == (town,) and back.lookup("FB") == (country,)
    assert back.lookup("Nowhere") == () and "barland" in back.index and len(back.index) == 3
    assert back.lookup("Barland")[0] is back.countries["AZE"] is back.demonyms["barlandic"]  # one object per entry
    assert back.lookup("Barland")[1] is back.lookup("Fooville")[0]
    assert back.countries["AZE"].population == 90000 and back.lookup("Fooville")[0].capital is False
    with pytest.raises(TypeError):
        back.index["x"] = ()


def test_knowledge_base_file_keeps_matches_and_identities(tmp_path):
    from detente.actors import kb as K
    from detente.actors import kb_file
    from detente.actors import text as T
    from detente.actors.entries import Entry, Term

    people = Entry("person:Ann Example", "Ann Example", "person", "AZE", "GOV",
                   terms=(Term("AZE", "GOV", ("ELI",), "2001-01-01", None, "minister", "test"),))
    land = Entry("AZE", "Examplestan", "country", "AZE")
    word = Entry("sector:teachers", "teachers", "sector", None, "EDU")
    kb = K.build([(people, ["Ann Example", "Example"]), (land, ["Examplestan", "Example"]), (word, ["teachers"])])
    kb_file.write(kb, tmp_path / "kb.pack")
    back = kb_file.read(tmp_path / "kb.pack", K.KnowledgeBase)
    toks = T.tokenize("Ann Example met teachers in Examplestan")
    for i in range(len(toks)):
        assert kb.match(toks, i) == back.match(toks, i)
    n, found = back.match(T.tokenize("Example"), 0)
    assert n == 1 and {e.id for e in found} == {"person:Ann Example", "AZE"}
    assert back.match(toks, 0)[1][0] is back.match(T.tokenize("Example"), 0)[1][found.index(people)]
    assert back.country("AZE") is back.match(T.tokenize("Examplestan"), 0)[1][0]
    assert list(back.entries) == list(kb.entries) and back.words_of_kind("sector") == kb.words_of_kind("sector")


def test_a_stored_subtree_reads_like_the_dicts_it_was_written_from(tmp_path):
    from detente.actors import kb as K
    from detente.actors import kb_file
    from detente.actors.entries import LEAF, Entry

    council = Entry("org:Example Council", "Example Council", "org", "AZE", "GOV")
    land = Entry("AZE", "Examplestan", "country", "AZE")
    kb = K.build([(council, ["Example Council", "Example Council Office"]), (land, ["Example", "Examplestan"])])
    kb_file.write(kb, tmp_path / "kb.pack")
    back = kb_file.read(tmp_path / "kb.pack", K.KnowledgeBase)
    node, plain = back.trie.get("example"), kb.trie["example"]
    assert set(node) == set(plain) and len(node) == len(plain) and "council" in node and "office" not in node
    assert node.get(LEAF) == plain[LEAF] and node.get("nowhere", ()) == () and node["council"].get(LEAF)
    assert node["council"] is node.get("council")  # a child is made once
    assert [k for k, _ in node.items()] == list(plain) and back.words_of_kind("country") == kb.words_of_kind("country")
    with pytest.raises(KeyError):
        node["nowhere"]

def test_packed_files_are_shared_not_copied_by_forked_processes(tmp_path):
    path = tmp_path / "x.pack"
    packed.write(path, {"s": (["k"], [b"v" * 100])})
    pack = packed.Packed(path)
    pid = os.fork()
    if pid == 0:  # the child reads the parent's map
        os._exit(0 if pack.section("s").get("k") == b"v" * 100 else 1)
    assert os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == 0
