from kompass.lib.text import shorten


def test_a_short_text_is_kept_whole():
    assert shorten("Tydligare  mål", width=40) == "Tydligare mål"


def test_a_long_text_is_cut_at_a_word_with_an_ellipsis():
    text = "Förbättra uppföljningen av verksamhetens kvalitet"
    short = shorten(text, width=30)
    assert short == "Förbättra uppföljningen av…"
    assert len(short) <= 30
    assert text.startswith(short[:-1])


def test_a_single_long_word_is_cut_inside_it():
    assert shorten("Kvalitetsuppföljningssystemet", width=10) == "Kvalitets…"
