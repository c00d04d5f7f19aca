"""Language identification: script check first, lingua (Latin-script languages) second; deferred to the workers."""
from detente.ingest import language
from detente.model import OK, UNSUPPORTED_LANGUAGE, Article

EN = "The two delegations met on Thursday and agreed to continue the talks about the border next month."
FR = "Les deux délégations se sont réunies jeudi et ont convenu de poursuivre les discussions le mois prochain."
DE = "Die beiden Delegationen trafen sich am Donnerstag und vereinbarten, die Gespräche im nächsten Monat fortzusetzen."
TR = "İki heyet perşembe günü bir araya geldi ve görüşmelere gelecek ay devam etme konusunda anlaştı."
RU = "Две делегации встретились в четверг и договорились продолжить переговоры в следующем месяце."
UK = "Дві делегації зустрілися в четвер і домовилися продовжити переговори наступного місяця."
HY = "Երկու պատվիրակությունները հանդիպեցին հինգշաբթի և պայմանավորվեցին շարունակել բանակցությունները։"
KA = "ორი დელეგაცია ხუთშაბათს შეხვდა და შეთანხმდა, რომ მოლაპარაკებები მომავალ თვეში გაგრძელდება."
AR = "التقى الوفدان يوم الخميس واتفقا على مواصلة المحادثات في الشهر المقبل بشأن الحدود المشتركة."
FA = "دو هیئت روز پنجشنبه دیدار کردند و توافق کردند که گفتگوها را ماه آینده ادامه دهند."


def test_languages_by_script_and_by_model():
    cases = {EN: "en", FR: "fr", DE: "de", TR: "tr", RU: "ru", UK: "uk", HY: "hy", KA: "ka", AR: "ar", FA: "fa"}
    assert {text[:12]: language.detect(text) for text in cases} == {t[:12]: code for t, code in cases.items()}


def test_too_few_letters_cannot_be_told():
    assert language.detect("12 34 -- 56") is None and language.detect("Da.") is None


def test_deferred_detection_is_settled_later():
    with language.deferred():
        assert language.detect(FR) is None
    article = Article.create(FR)
    settled = language.settle(article)
    assert settled.language == "fr" and settled.status == UNSUPPORTED_LANGUAGE
    english = language.settle(Article.create(EN, language=None))
    assert english.language == "en" and english.status == OK


def test_analyze_detects_in_the_engine_not_the_reader(tmp_path, monkeypatch):
    from detente import api, ingest

    (tmp_path / "a.txt").write_text(FR)
    read, settled = [], []
    monkeypatch.setattr(ingest, "detect", lambda text: read.append(language.detect(text)))
    real = language._detect
    monkeypatch.setattr(language, "_detect", lambda text: settled.append(text) or real(text))
    report = api.analyze([str(tmp_path / "a.txt")], db=str(tmp_path / "s.duckdb"))
    assert report.unsupported == 1 and report.analysed == 0
    assert read == [None] and settled == [FR]  # the reader's call was deferred; the engine detected


def _script_by_character(sample: str):
    """The script count read one character at a time (what _script counts, written plainly)."""
    from detente.ingest import language as L

    counts, letters, latin = {}, 0, 0
    for ch in sample:
        if ch.isalpha():
            letters += 1
            if ord(ch) < 0x0250:
                latin += 1
            else:
                code = next((c for lo, hi, c in L.SCRIPTS if lo <= ord(ch) <= hi), None)
                if code:
                    counts[code] = counts.get(code, 0) + 1
    return counts, letters, latin


def test_script_counts_letters_as_one_by_one():
    from detente.ingest import language as L

    # written for this test: ASCII, accented Latin, Cyrillic, Georgian, Arabic script, digits and punctuation
    for sample in ["Talks resumed at 10:00 in the capital, officials said.", "Çağrı über das Ministère — « oui »",
                   "Министры встретились в столице.", "მინისტრები შეხვდნენ 2024 წელს", "وزرای خارجه دیدار کردند",
                   "123 -- !!", ""]:
        counts, letters, latin = _script_by_character(sample)
        code, got = L._script(sample)
        assert got == letters
        assert (code is None) == (not counts or latin >= max(counts.values()))
