"""Who the attribution clause after a quote names (kg.quotes), on made-up sentences: the
clause ends at a preposition, a misread title is no speaker, a name after a rank wins, a
name after a relational word is someone else, a post's short form finds its holder."""

from __future__ import annotations

from kg.models import Mention
from kg.quotes import find_quotes


def _m(text: str, name: str, key: str, typ: str = "Person", nth: int = 0,
       normal: str | None = None) -> Mention:
    start = -1
    for _ in range(nth + 1):
        start = text.index(name, start + 1)
    return Mention(key=key, text=name, type=typ, start=start, end=start + len(name),
                   normal=normal)


def test_clause_ends_at_a_preposition_and_the_post_finds_its_holder() -> None:
    text = ('Menteri Pemuda dan Olahraga (Menpora) Rudi Hartono menerima atlet.\n\n'
            '"Kami akan menyiapkan bonus bagi semua peraih medali," kata Menpora di '
            'kediamannya, Kompleks Widya Candra, Jakarta.')
    ms = [_m(text, "Menteri Pemuda dan Olahraga (Menpora)", "p", "Post",
             normal="Menteri Pemuda dan Olahraga"),
          _m(text, "Rudi Hartono", "r"), _m(text, "Widya Candra", "w")]  # a place misread
    assert [q.speaker for q in find_quotes(text, ms)] == ["r"]


def test_short_post_after_the_verb_is_its_holder() -> None:
    text = ('Acara dibuka oleh Menteri Agama (Menag) Siti Rahmawati di Manado.\n\n'
            '"Kalian adalah harapan bangsa di masa depan," harap Menag.')
    ms = [_m(text, "Menteri Agama (Menag)", "p", "Post", normal="Menteri Agama"),
          _m(text, "Siti Rahmawati", "s")]
    assert [q.speaker for q in find_quotes(text, ms)] == ["s"]


def test_name_after_a_rank_beats_a_misread_unit() -> None:
    text = ('"Tiga orang sudah kami tahan di sana," kata Kanit II Subdit III Polda Jatim, '
            'AKP Dedi Kurnia, Senin (2/3/2020).')
    ms = [_m(text, "Kanit II Subdit III", "k"), _m(text, "Dedi Kurnia", "d")]
    assert [q.speaker for q in find_quotes(text, ms)] == ["d"]


def test_title_word_read_as_a_person_is_skipped() -> None:
    text = ('"Semua fungsi kepolisian terlibat aktif," kata Juru bicara Polda Maluku Ajun '
            'Komisaris Besar Yohanes Siga.')
    ms = [_m(text, "Ajun", "a"), _m(text, "Komisaris Besar", "p", "Post"),
          _m(text, "Yohanes Siga", "y")]
    assert [q.speaker for q in find_quotes(text, ms)] == ["y"]


def test_relative_of_a_named_person_is_not_that_person() -> None:
    text = ('Budi Santoso datang ke sekolah anaknya pagi itu.\n\n'
            '"Saya bangga sekali dengan prestasinya," kata ayah dari Rafi Santoso tersebut.')
    ms = [_m(text, "Budi Santoso", "b"), _m(text, "Rafi Santoso", "r")]
    assert [q.speaker for q in find_quotes(text, ms)] == ["b"]


def test_lawyer_of_a_named_person_without_a_name_is_nobody() -> None:
    text = '"Klien kami tidak bersalah dalam perkara ini," ujar kuasa hukum Budi Santoso.'
    assert find_quotes(text, [_m(text, "Budi Santoso", "b")]) == []


def test_description_ending_in_itu_is_the_current_subject() -> None:
    text = ('Presiden Amerika Serikat Donald Trump berbicara kepada wartawan.\n\n'
            '"Saya yakin dia akan menyukai ide itu," terang presiden ke-45 AS itu.')
    ms = [_m(text, "Donald Trump", "t")]
    assert [q.speaker for q in find_quotes(text, ms)] == ["t"]


def test_clause_does_not_run_into_the_next_quote() -> None:
    text = ('"Apakah rancangan ini disetujui menjadi undang-undang?" ucap Fahri Salim., '
            '"Setuju," jawab anggota., Menteri Hukum Yasin Lubis lalu membacakan pendapat.')
    ms = [_m(text, "Fahri Salim", "f"), _m(text, "Menteri Hukum", "p", "Post"),
          _m(text, "Yasin Lubis", "y")]
    assert [q.speaker for q in find_quotes(text, ms)] == ["f"]


def test_unattributed_quote_goes_on_with_the_last_speaker() -> None:
    text = ('"Kami sudah diminta meredam aksi," kata Nurdin Halid di Istana, Kamis (26/9). '
            '"Mengajak mahasiswa berdialog dengan baik di kampus."\n\n'
            '"Setelah itu kami akan menemui para rektor," ujarnya.\n\n'
            '"Jadi semua pihak harus menahan diri di lapangan."\n\n'
            'Sementara itu, Rina Wati menyebut aksi berjalan tertib.\n\n'
            '"Tidak ada kerusakan berarti di lokasi itu."')
    ms = [_m(text, "Nurdin Halid", "n"), _m(text, "Rina Wati", "r")]
    got = [(q.text.split()[0], q.speaker) for q in find_quotes(text, ms)]
    # the last quote follows narrative that gives Rina the floor
    assert got == [("Kami", "n"), ("Mengajak", "n"), ("Setelah", "n"), ("Jadi", "n"),
                   ("Tidak", "r")]


def test_quote_attributed_to_an_unnamed_person_is_not_continued() -> None:
    text = ('"Jalan ini rusak sejak lama," kata Nurdin Halid.\n\n'
            '"Kami sudah lapor berkali-kali ke kelurahan," ujar seorang warga.')
    ms = [_m(text, "Nurdin Halid", "n")]
    assert [q.speaker for q in find_quotes(text, ms)] == ["n"]


def test_closing_mark_opening_the_next_paragraph_ends_the_quote() -> None:
    text = ('"Apakah rancangan ini dapat kita setujui untuk diproses lebih lanjut?\n\n'
            '" ujar Wakil Ketua Baleg Ahmad Dani dalam rapat, Rabu.')
    q = find_quotes(text, [_m(text, "Ahmad Dani", "a")])
    assert [x.speaker for x in q] == ["a"]
    assert q[0].text.startswith("Apakah rancangan") and "ujar" not in q[0].text


def test_unattributed_quote_after_a_speech_sentence_is_its_subject() -> None:
    text = ('Saat bertemu Habibie, Prabu Santoso mengaku membicarakan banyak hal. '
            '"Berbicara banyak lah pokoknya dengan beliau."\n\n'
            'Rina Wati menyebut aksi berjalan tertib.\n\n'
            '"Tidak ada kerusakan berarti di lokasi itu."\n\n'
            'Setelah Joko Susilo mengumumkan hasilnya, ruangan hening. '
            '"Kami menerima keputusan itu dengan lapang dada."')
    ms = [_m(text, "Habibie", "h"), _m(text, "Prabu Santoso", "p"), _m(text, "Rina Wati", "r"),
          _m(text, "Joko Susilo", "j")]
    got = [(q.text.split()[0], q.speaker) for q in find_quotes(text, ms)]
    # 'setelah Joko mengumumkan' is a subordinate clause: Joko is not the one speaking
    assert got == [("Berbicara", "p"), ("Tidak", "r")]


def test_flattened_paragraph_break_starts_a_new_paragraph() -> None:
    # the source joined paragraphs with ", ": "-nya" goes to the subject of the last one,
    # not to the first person of the whole run
    text = ('Mobil Avanza itu menabrak pagar, kata Budi Santoso. , Hedi Wiranto menjelaskan, '
            'sopir sudah menjadi tersangka. , "Ancamannya enam bulan penjara atau denda," '
            'katanya.')
    ms = [_m(text, "Avanza", "c"), _m(text, "Budi Santoso", "b"), _m(text, "Hedi Wiranto", "h")]
    q = find_quotes(text, ms)
    assert [x.speaker for x in q] == ["h"]
    assert ". , " in q[0].evidence.sentence or q[0].evidence.sentence.startswith('"')


def test_degrees_and_stripped_links_are_no_paragraph_break() -> None:
    text = ('"Hari ini kami mengukuhkan Profesor Yasin Lubis S.H., M.Sc., Ph.D sebagai guru '
            'besar," ujar Tito Susanto.\n\n"Ada 9.000 tiang yang dibuat. , Jembatan ini '
            'menjadi yang terpanjang," ujar Tito Susanto.')
    ms = [_m(text, "Yasin Lubis", "y"), _m(text, "Tito Susanto", "t"),
          _m(text, "Tito Susanto", "t2", nth=1)]
    q = find_quotes(text, ms)
    assert [x.speaker for x in q] == ["t", "t2"]
    assert q[0].text.endswith("guru besar") and "terpanjang" in q[1].text


def test_a_suspects_initials_are_not_the_nya_speaker() -> None:
    text = ('Polisi menangkap enam tersangka, di antaranya NS (47) dan TK (45).\n\n'
            '"Kerugian negara hampir lima miliar rupiah," katanya.')
    assert find_quotes(text, [_m(text, "NS", "n"), _m(text, "TK", "t")]) == []


def test_continuation_over_a_broken_attribution_line() -> None:
    text = ('"Kami mungkin harus membuat aturan baru," ujar Mahmud Karim, seperti dilansir\n\n'
            'Rabu, 18 September 2019. "Meski lahan itu berada di luar negeri."')
    q = find_quotes(text, [_m(text, "Mahmud Karim", "m")])
    assert [x.speaker for x in q] == ["m", "m"]


def test_told_before_looks_back_over_the_paragraph_before() -> None:
    text = ('Syamsul Bahri menilai program itu sangat penting bagi para guru. Apalagi, kata '
            'dia, banyak guru belum menguasai bahasa asing.\n\n'
            '"Salah satu tantangan kita adalah keterbatasan bahasa itu."\n\n'
            'Hal itu dinilai Enny Susanti akan menimbulkan konflik kepentingan. "Kalau kita lihat '
            'sektor publik, banyak yang terkena kasus."')
    ms = [_m(text, "Syamsul Bahri", "s"), _m(text, "Enny Susanti", "e")]
    assert [q.speaker for q in find_quotes(text, ms)] == ["s", "e"]


def test_usul_is_a_speech_verb() -> None:
    text = ('Menurut Sukardi, Papua harus dibenahi.\n\n"Kita ubah paradigma pembangunan '
            'di sana," usul politikus Partai Keadilan Sejahtera (PKS) itu.')
    assert [q.speaker for q in find_quotes(text, [_m(text, "Sukardi", "s")])] == ["s"]


def test_short_name_not_found_as_a_person_is_the_one_named_in_full() -> None:
    # "Awang" alone was not found as a person; the narrative gives him the floor back
    text = ('"Pemindahan ibu kota harus dikaji ulang," kata Awang Dodi Kardeli.\n\n'
            '"Kami mendukung rencana itu sepenuhnya," ujar Rina Wati.\n\n'
            'Awang menilai resesi global harus menjadi pertimbangan. "Resesi sudah terjadi di '
            'banyak negara tahun ini," jelasnya.')
    ms = [_m(text, "Awang Dodi Kardeli", "a"), _m(text, "Rina Wati", "r")]
    assert [q.speaker for q in find_quotes(text, ms)] == ["a", "r", "a"]


def test_rank_between_verb_and_name_still_names_the_speaker() -> None:
    text = ('"Korban dianiaya selama sepekan," jelas AKP Fathir Mustafa.\n\n'
            'Korban dimasukkan ke dalam karung. "Pelaku menguburkan korban di lereng bukit," '
            'ujarnya.')
    assert [q.speaker for q in find_quotes(text, [_m(text, "Fathir Mustafa", "f")])] == [
        "f", "f"]


def test_description_with_ini_goes_on_with_the_same_person() -> None:
    text = ('"Generasi muda harus disiapkan," kata Mardi Susanto.\n\n'
            'Mantan Bupati Tanah Bumbu ini juga menjelaskan program sekolah. "Kami akan '
            'melanjutkan program itu tahun depan," terangnya.')
    assert [q.speaker for q in find_quotes(text, [_m(text, "Mardi Susanto", "m")])] == [
        "m", "m"]


def test_pronoun_then_verb_after_the_quote() -> None:
    text = ('Hendra Gunawan meninjau lokasi banjir.\n\n'
            '"Semua warga sudah kami ungsikan ke tempat aman," dia menandaskan.')
    assert [q.speaker for q in find_quotes(text, [_m(text, "Hendra Gunawan", "h")])] == ["h"]
