//! The block header sentences of the HTML form, 13 languages (docs/behaviour.md
//! §9.2): bytes, not text (latin-1, ISO-2022-JP, EUC-KR), as the executables hold them.

/// One language: the `language` values that select it, its SIPS code, and
/// sentences 0–9.
pub struct Sentences {
    pub languages: &'static [&'static [u8]],
    /// The one code that selects it in P600.
    pub sips: &'static [u8],
    pub sentences: [&'static [u8]; 10],
}

/// Every language. Codes not listed (cs, cz, zh, pl, empty…) use English, the second entry.
pub static LANGUAGES: [Sentences; 13] = [
    // French
    Sentences {
        languages: &[b"br", b"fr"],
        sips: b"fr",
        sentences: [
            b"Bloc de paiement inconnu :",
            b"Choisissez un moyen de paiement ci-dessous :",
            b"Vous utilisez le formulaire s&#233;curis&#233; standard SSL, choisissez une carte ci-dessous ",
            b"",
            b"Autre(s) moyen(s) de paiement :",
            b"",
            b"Vous avez un porte-monnaie &#233;lectronique :",
            b"",
            b"Vous avez un lecteur de carte &agrave; puce, cliquez sur le bouton ci-dessous :",
            b"Payez avec votre abonnement",
        ],
    },
    // English (also the fallback)
    Sentences {
        languages: &[b"en"],
        sips: b"en",
        sentences: [
            b"Payment block number unknown :",
            b"Please select a means of payment below :",
            b"Your payment is safeguarded by SSL, please select your card below ",
            b"",
            b"Other means of payment : ",
            b"",
            b"You have an electronic purse :",
            b"",
            b"You have a smart card reader :",
            b"Pay with your subscription",
        ],
    },
    // Danish
    Sentences {
        languages: &[b"da"],
        sips: b"da",
        sentences: [
            b"Ukendt nummer for betalingsblok :",
            b"V&#230;lg betalingsmiddel nedenfor :",
            b"Du anvender standardsikkerhedsformularen SSL. V&#230;lg kort nedenfor ",
            b"",
            b"Andre betalingsmidler :",
            b"",
            b"Du har en elektronisk pung :",
            b"",
            b"CyberCom",
            b"Betal med dit abonnement",
        ],
    },
    // German
    Sentences {
        languages: &[b"de", b"ge"],
        sips: b"ge",
        sentences: [
            b"Nummer der Abrechnungsart unbekannt :",
            b"W&#228;hlen Sie eines der folgenden Zahlungsmittel :",
            b"Sie benutzen das Sicherheitsformular SSL, bitte w&#228;hlen Sie nun eine der folgenden Karten ",
            b"",
            b"Andere(s) Zahlungsmittel :",
            b"",
            b"Sie haben ein elektronisches Portemonnaie :",
            b"",
            b"CyberCom",
            b"Zahlen mit Ihrem Abonnement",
        ],
    },
    // Dutch
    Sentences {
        languages: &[b"du", b"nl"],
        sips: b"du",
        sentences: [
            b"Nummer betalingsblok onbekend :",
            b"Kies hieronder een betaalmiddel :",
            b"U betaalt door middel van het beveiligde SSL-formulier, gelieve hieronder een kaart te kiezen : ",
            b"",
            b"Ander(e) betaalmiddel(en) :",
            b"",
            b"U heeft een elektronische portemonnee :",
            b"",
            b"CyberCom",
            b"Fout in de abonnementsresponsstructuur",
        ],
    },
    // Spanish
    Sentences {
        languages: &[b"es", b"sp"],
        sips: b"sp",
        sentences: [
            b"N\xfamero de bloque de pago desconocido : ",
            b"Elija un medio de pago entre los que figuran a continuaci&#243;n : ",
            b"Est&#225; utilizando el formulario seguro normalizado SSL; Si desea utilizar una tarjeta Visa, Mastercard ou CB, por favor complete con sus datos : ",
            b"Se voc&#202; usar um cart&#245;o American Express, preencha o n &#218;mero de 4 d&#205;gitos impresso no seu cart&#245;o :",
            b"Otros medios de pago :",
            b"",
            b"Tiene una cartera electr&#243;nica :",
            b"",
            b"CyberCom",
            b"Pague con su suscripci&#243;n",
        ],
    },
    // Finnish
    Sentences {
        languages: &[b"fi"],
        sips: b"fi",
        sentences: [
            b"Tuntematon maksulohkon numero :",
            b"Valitse maksutapa seuraavista :",
            b"Vakiomuotoinen suojattu SSL-lomake; valitse kortti seuraavasta luettelosta ",
            b"",
            b"Muu maksutapa :",
            b"",
            b"Toimirahakukkaro :",
            b"",
            b"CyberCom",
            b"Pay with your subscription",
        ],
    },
    // Italian
    Sentences {
        languages: &[b"it"],
        sips: b"it",
        sentences: [
            b"Numero per bloccare un pagamento sconosciuto : ",
            b"Scegli un mezzo di pagamento sottoindicato : ",
            b"Utilizza il formulario standard di sicurezza SSL e scegli una carta sottoelencata ",
            b"",
            b"Altro(i) mezzo(i) di pagamento :",
            b"",
            b"Hai un portamonete elettronico : ",
            b"",
            b"CyberCom",
            b"Pagate con l'abbonamento",
        ],
    },
    // Japanese (ISO-2022-JP bytes)
    Sentences {
        languages: &[b"ja", b"jp"],
        sips: b"jp",
        sentences: [
            b"API\x1b$B%a%C%;!<%8\x1b(B",
            b"\x1b$B$*;YJ'J}K!$r$*A*$S$/$@$5$$\x1b(B",
            b"\x1b$B$*;YJ'$$$O\x1b(BSSL\x1b$BJ}<0$K$h$j0BA4$K9T$o$l$^$9!#$*5RMM$N%+!<%I$r$*A*$S$/$@$5$$\x1b(B",
            b"",
            b"\x1b$BB>$N$*;YJ'J}K!\x1b(B",
            b"",
            b"\x1b$B%(%l%/%H%j%C%/%Q!<%9$G;YJ'$$$^$9\x1b(B",
            b"",
            b"\x1b$B%9%^!<%H%+!<%I%j!<%@!<$G;YJ'$$$^$9\x1b(B",
            b"\x1b$B$4=pL>$N>e!\"$*;YJ'$$$/$@$5$$\x1b(B",
        ],
    },
    // Korean (EUC-KR bytes)
    Sentences {
        languages: &[b"ko"],
        sips: b"ko",
        sentences: [
            b"\xb0\xe1\xc0\xe7\xb9\xf8\xc8\xa3 \xc7\xfc\xbd\xc4 \xb9\xcc\xc8\xae\xc0\xce",
            b"\xb0\xe1\xc0\xe7\xc7\xd2 \xc4\xab\xb5\xe5\xb8\xa6 \xbe\xc6\xb7\xa1\xbf\xa1\xbc\xad \xbc\xb1\xc5\xc3 \xc7\xcf\xbd\xca\xbd\xc3\xbf\xc0",
            b"\xb0\xe1\xc0\xe7\xb4\xc2 SSL\xbf\xa1\xc0\xc7\xc7\xd8 \xbe\xc8\xc0\xfc\xc0\xcc \xba\xb8\xc0\xe5\xb5\xcb\xb4\xcf\xb4\xd9. \xbe\xc6\xb7\xa1\xbf\xa1\xbc\xad \xb0\xe1\xc0\xe7\xc7\xd2 \xc4\xab\xb5\xe5\xb8\xa6 \xbc\xb1\xc5\xc3\xc7\xcf\xbd\xca\xbd\xc3\xbf\xc0 ",
            b"",
            b"\xb4\xd9\xb8\xa5\xc1\xf6\xba\xd2\xb9\xe6\xb9\xfd",
            b"",
            b"\xb1\xcd\xc7\xcf\xb4\xc2 \xc0\xfc\xc0\xda\xc1\xf6\xb0\xa9\xc0\xbb \xb0\xa1\xc1\xf6\xb0\xed \xb0\xe8\xbd\xca\xb4\xcf\xb4\xd9.",
            b"",
            b"\xb1\xcd\xc7\xcf\xb4\xc2 \xbd\xba\xb8\xb6\xc6\xae \xc4\xab\xb5\xe5 \xb8\xae\xb4\xf5\xb8\xa6 \xb0\xa1\xc1\xf6\xb0\xed \xb0\xe8\xbd\xca\xb4\xcf\xb4\xd9.",
            b"\xc1\xd6\xb9\xae\xb4\xeb\xb7\xce \xc1\xf6\xba\xd2\xc7\xcf\xbd\xca\xbd\xc3\xbf\xc0",
        ],
    },
    // Norwegian
    Sentences {
        languages: &[b"no"],
        sips: b"no",
        sentences: [
            b"Betalingsblokknummer ukjent",
            b"Velg betalingsm&#229;te nedenfor :",
            b"Betalingen din er beskyttet av SSL. Vennligst velg korttype nedenfor :",
            b"",
            b"Andre betalingsm&#229;ter :",
            b"",
            b"Du har en elektronisk lommebok :",
            b"",
            b"CyberCom",
            b"Betal med abonnementet ditt",
        ],
    },
    // Portuguese
    Sentences {
        languages: &[b"po", b"pt"],
        sips: b"po",
        sentences: [
            b"N&#250;mero de bloco de pagamento desconhecido :",
            b"Escolha um dos seguintes meios de pagamento :",
            b"Est&#225; a utilizar o formul&#225;rio seguro normalizado SSL; Se voc&#202; usar um cart&#245;o Visa o Mastercard o CB, preencha : ",
            b"",
            b"Outro(s) meio(s) de pagamento :",
            b"",
            b"Possui um porta-moedas electr&#243;nico :",
            b"",
            b"CyberCom",
            b"Pay with your subscription",
        ],
    },
    // Swedish
    Sentences {
        languages: &[b"sv", b"sw"],
        sips: b"sw",
        sentences: [
            b"Ok&#228;nt nummer f\xf6r betalningsblock :",
            b"V&#228;lj betalningss&#228;tt nedan :",
            b"Du anv&#228;nder standards&#228;kerhetsformul&#228;ret SSL. V&#228;lj kort nedan ",
            b"",
            b"Andra betalningss&#228;tt :",
            b"",
            b"Du har en elektronisk pl&#229;nbok :",
            b"",
            b"CyberCom",
            b"Fel i abonnemangssvarsstrukturen",
        ],
    },
];

/// P600's own texts: (SIPS code, sentence number, text).
pub static P600_TEXTS: [(&[u8], usize, &[u8]); 3] = [
    (b"sp", 2, b"Est&#225; utilizando el formulario seguro normalizado SSL; escoja una tarjeta entra las que figuran a continuaci&#243;n : "),
    (b"sp", 3, b""),
    (b"po", 2, b"Est&#225; a utilizar o formul&#225;rio seguro normalizado SSL; escolha um dos seguintes cart&#245;es "),
];
