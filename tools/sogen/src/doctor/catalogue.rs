//! Everything the doctor can say, as data: each entry is one finding (the
//! check it belongs to, its severity, its FAQ entry, the problem and the fix
//! in English and French, `{name}` marking the values filled in), then the
//! fragments some findings add, then the report's own words. The legacy
//! texts are not here: they come from the core (`crate::core::legacy`).

use crate::lang::Msg;
use serde::Serialize;

/// How serious a finding is. Only `Warning` and `Error` make the exit status non-zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// A check that passed.
    Ok,
    /// Worth knowing, nothing to fix.
    Note,
    /// Something to fix: payments may work but something is wrong or unsafe.
    Warning,
    /// Payments fail (the legacy executables or the payment server refuse).
    Error,
}

/// One finding the doctor can report.
#[derive(Debug, Clone, Copy)]
pub struct Entry {
    /// The entry's name, stable for scripts (`PATHFILE_MISSING`).
    pub name: &'static str,
    /// The group of checks it belongs to (`pathfile.read`).
    pub check: &'static str,
    pub severity: Severity,
    /// The FAQ entry it corresponds to.
    pub faq: Option<u32>,
    pub problem: Msg,
    pub fix: Option<Msg>,
}

const fn m(en: &'static str, fr: &'static str) -> Msg {
    Msg::new(en, fr)
}

macro_rules! entries {
    ($($name:ident: $check:literal, $severity:ident, $faq:expr, $problem:expr, $fix:expr;)*) => {
        $(pub const $name: Entry = Entry {
            name: stringify!($name), check: $check, severity: Severity::$severity,
            faq: $faq, problem: $problem, fix: $fix,
        };)*
        /// Every entry (for the tests).
        pub static ALL: &[&Entry] = &[$(&$name),*];
    };
}

macro_rules! fragments {
    ($($name:ident = $en:literal, $fr:literal;)*) => {
        $(pub const $name: Msg = Msg::new($en, $fr);)*
        /// Every fragment and label (for the tests).
        pub static ALL_FRAGMENTS: &[&Msg] = &[$(&$name),*];
    };
}

const FIX_RESTORE_CERTIFICATE: Msg = m(
    "Restore the certificate file as the bank sent it (or generate a test one with sogen cert).",
    "Restaurez le certificat tel que la banque l'a envoyé (ou générez-en un de test avec sogen cert).",
);
const FIX_ABSOLUTE_URL: Msg = m("Write the full URL, https://…", "Écrivez l'URL complète, https://…");
const FIX_EXECUTABLE_PATH: Msg = m(
    "Check the path the script runs ($path_bin) and `chmod 755 {path}`; run it by hand: `{path}` must print a result line.",
    "Vérifiez le chemin lancé par le script ($path_bin) et `chmod 755 {path}` ; lancez-le à la main : `{path}` doit afficher une ligne de résultat.",
);
const FIX_INSTALL_EXECUTABLES: Msg = m(
    "Install the request/response executables built from libsogen (make release, target/release/).",
    "Installez les exécutables request/response construits avec libsogen (make release, target/release/).",
);
const FIX_SEE_ABOVE: Msg = m(
    "Fix the problems reported above; the first one is the cause.",
    "Corrigez les problèmes signalés plus haut ; le premier est la cause.",
);
const FIX_KEYWORD_SPELLING: Msg = m("Write {known}.", "Écrivez {known}.");
const FIX_GONE_SERVER: Msg = m(
    "The SIPS 1.0 servers are gone: for tests, generate a certificate for the local sandbox (sogen cert --url http://127.0.0.1:8090/cgis-payment/demo …, or sogen init --sandbox) and run `sogen sandbox`; for real payments, move the merchant to today's Sogenactif (Sips 2.0): ask the bank for the secret key and write it with sogen key (docs/sips2.md).",
    "Les serveurs SIPS 1.0 n'existent plus : pour des tests, générez un certificat pour le serveur local (sogen cert --url http://127.0.0.1:8090/cgis-payment/demo …, ou sogen init --sandbox) et lancez `sogen sandbox` ; pour de vrais paiements, passez le commerçant au Sogenactif d'aujourd'hui (Sips 2.0) : demandez la clé secrète à la banque et écrivez-la avec sogen key (docs/fr/sips2.md).",
);
const FIX_KEY_FILE_URL: Msg = m(
    "Write the address of the environment: sogen key --merchant-id {id} --country {country} --secret-key - --key-version <version> --env simu|test|prod --pathfile {pathfile} --force (the key read from the standard input), or correct PAYMENT_URL in {path}.",
    "Écrivez l'adresse de l'environnement : sogen key --merchant-id {id} --country {country} --secret-key - --key-version <version> --env simu|test|prod --pathfile {pathfile} --force (la clé lue sur l'entrée standard), ou corrigez PAYMENT_URL dans {path}.",
);

entries! {
    // The pathfile.
    PATHFILE_MISSING: "pathfile.read", Error, Some(13),
        m("the pathfile {path} cannot be opened", "le fichier pathfile {path} ne peut pas être ouvert"),
        Some(m("Pass its real path with pathfile= (there is no default location; a relative path starts from the current directory of the script that runs request and response).",
               "Passez son vrai chemin avec pathfile= (il n'y a pas d'emplacement par défaut ; un chemin relatif part du répertoire courant du script qui lance request et response)."));
    PATHFILE_DENIED: "pathfile.read", Error, Some(13),
        m("the pathfile {path} exists but cannot be read by this user", "le pathfile {path} existe mais cet utilisateur ne peut pas le lire"),
        Some(m("Let the web server's user read it: chmod 644 {path} (it holds no secret).",
               "Rendez-le lisible par l'utilisateur du serveur web : chmod 644 {path} (il ne contient pas de secret)."));
    PATHFILE_IS_DIRECTORY: "pathfile.read", Error, Some(13),
        m("this is a directory: the executables read it as an empty file", "c'est un répertoire : les exécutables le lisent comme un fichier vide"),
        Some(m("Point pathfile= at the pathfile itself, not at its directory.", "Faites pointer pathfile= sur le fichier pathfile, pas sur son répertoire."));
    PATHFILE_BAD_LINE: "pathfile.syntax", Error, Some(22),
        m("line {line}: {what}", "ligne {line} : {what}"),
        Some(m("Write each setting as KEY!value! on its own line; start comments with # in the first column; keep lines under 256 bytes. (`response` reports the same line with '-' instead of '+'.)",
               "Écrivez chaque réglage sous la forme CLE!valeur! sur sa propre ligne ; commencez les commentaires par # en première colonne ; lignes de moins de 256 octets. (`response` signale la même ligne avec '-' au lieu de '+'.)"));
    PATHFILE_SYNTAX_OK: "pathfile.syntax", Ok, None,
        m("{lines} lines, syntax OK", "{lines} lignes, syntaxe correcte"), None;
    PATHFILE_LOOP: "pathfile.variables", Error, Some(13),
        m("{key} refers to itself through pathfile variables (A!B! … B!A!): it has no value",
          "{key} fait référence à lui-même par les variables du pathfile (A!B! … B!A!) : il n'a pas de valeur"),
        Some(m("Give the key a plain value, or break the loop between the variables.", "Donnez à la clé une valeur simple, ou cassez la boucle entre les variables."));
    PATHFILE_KEYWORD_MISSING: "pathfile.keyword", Error, None,
        m("the keyword {key} is missing (or its value is empty)", "le mot-clé {key} est absent (ou sa valeur est vide)"),
        Some(m("Add a line `{key}!<value>!` to the pathfile ({example}).", "Ajoutez une ligne `{key}!<valeur>!` au pathfile ({example})."));
    PATHFILE_KEYWORD_OK: "pathfile.keyword", Ok, None, m("{key} = {value}", "{key} = {value}"), None;
    PATHFILE_NO_CTYPE: "pathfile.keyword", Note, None,
        m("no F_CTYPE: the certificate file has no extension and no header, so its merchant id and country are not compared with the request",
          "pas de F_CTYPE : le certificat n'a ni extension ni en-tête, son merchant_id et son pays ne sont pas comparés à la requête"), None;
    PATHFILE_RELATIVE: "pathfile.relative", Note, None,
        m("{key} is a relative path ({value}): the executables resolve it against the current directory of the script that runs them, not against the pathfile's directory; resolved against {cwd} (this directory), it names {absolute}",
          "{key} est un chemin relatif ({value}) : les exécutables le résolvent depuis le répertoire courant du script qui les lance, pas depuis celui du pathfile ; résolu depuis {cwd} (le répertoire courant), il désigne {absolute}"),
        Some(m("Write the absolute path {absolute}, which does not depend on where the script runs (sogen init writes absolute paths).",
               "Écrivez le chemin absolu {absolute}, qui ne dépend pas de l'endroit où le script s'exécute (sogen init écrit des chemins absolus)."));
    PATHFILE_DEBUG_ON: "pathfile.debug", Warning, None,
        m("DEBUG mode is on: every payment page shows the request in clear, in tables above the card logos",
          "le mode DEBUG est actif : chaque page de paiement affiche la requête en clair, dans des tableaux au-dessus des logos"),
        Some(m("Set DEBUG!NO! (never YES in production).", "Mettez DEBUG!NO! (jamais YES en production)."));
    PATHFILE_DEBUG_ODD: "pathfile.debug", Note, None,
        m("DEBUG is '{value}', which counts as off (only YES or yes turn it on)", "DEBUG vaut '{value}', ce qui équivaut à NO (seuls YES ou yes l'activent)"), None;
    PATHFILE_D_LOGO_SLASH: "pathfile.d_logo", Warning, None,
        m("D_LOGO does not end with '/': the form asks for {logo}CB.gif", "D_LOGO ne se termine pas par '/' : le formulaire demande {logo}CB.gif"),
        Some(m("Write D_LOGO!{logo}/!", "Écrivez D_LOGO!{logo}/!"));
    PATHFILE_DUPLICATE: "pathfile.duplicate", Warning, None,
        m("{key} is defined again here; the first definition (line {first}) wins", "{key} est défini une seconde fois ; la première définition (ligne {first}) l'emporte"),
        Some(m("Keep one definition.", "Ne gardez qu'une définition."));
    PATHFILE_SPACE: "pathfile.space", Warning, None,
        m("the value '{value}' contains a space: the executables cut it there (and then drop its first character)",
          "la valeur '{value}' contient un espace : les exécutables la coupent là (et suppriment ensuite son premier caractère)"),
        Some(m("Move the files to a path without spaces.", "Déplacez les fichiers vers un chemin sans espace."));
    PATHFILE_USES_VARIABLES: "pathfile.variables", Note, None,
        m("{key} uses pathfile variables ('{value}')", "{key} utilise des variables du pathfile ('{value}')"), None;
    PATHFILE_DEAD_KEY: "pathfile.unknown_key", Note, None,
        m("{key} is ignored by the executables", "{key} est ignoré par les exécutables"), None;
    PATHFILE_KEY_TYPO: "pathfile.unknown_key", Warning, None,
        m("unknown key {key} (keys are case-sensitive): did you mean {known}?", "clé inconnue {key} (les clés respectent la casse) : vouliez-vous dire {known} ?"),
        Some(m("Rename it {known}.", "Renommez-la {known}."));
    PATHFILE_UNUSED_KEY: "pathfile.unknown_key", Note, None,
        m("{key} is not used by the executables", "{key} n'est pas utilisé par les exécutables"), None;

    // Any configuration file: what the executables read silently.
    FILE_CRLF: "file.format", Warning, None,
        m("Windows line endings (CR LF) on {count} line(s): each line the executables read ends with an invisible CR. KEY!value! lines are unaffected, but what is read to the end of a line keeps it: a certificate header line without its closing '!' (merchant_id!…) then differs from the request while looking the same",
          "fins de ligne Windows (CR LF) sur {count} ligne(s) : chaque ligne lue par les exécutables se termine par un CR invisible. Les lignes CLE!valeur! n'en souffrent pas, mais ce qui est lu jusqu'en fin de ligne le garde : une ligne d'en-tête de certificat sans son '!' final (merchant_id!…) diffère alors de la requête tout en paraissant identique"),
        Some(m("Convert the file to Unix line endings: sed -i 's/\\r$//' {path} (or dos2unix {path}).",
               "Convertissez le fichier en fins de ligne Unix : sed -i 's/\\r$//' {path} (ou dos2unix {path})."));
    FILE_CR_ONLY: "file.format", Warning, None,
        m("lines separated by CR alone (old Mac line endings): the executables read the whole file as one line",
          "lignes séparées par CR seul (fins de ligne des anciens Mac) : les exécutables lisent tout le fichier comme une seule ligne"),
        Some(m("Convert the file: tr '\\r' '\\n' < {path} > {path}.new && mv {path}.new {path}",
               "Convertissez le fichier : tr '\\r' '\\n' < {path} > {path}.new && mv {path}.new {path}"));
    FILE_BOM: "file.format", Warning, None,
        m("the file starts with a UTF-8 byte order mark (3 invisible bytes): the executables read them as part of the first line, '{first}', whose keyword is then not recognised",
          "le fichier commence par une marque d'ordre des octets UTF-8 (3 octets invisibles) : les exécutables les lisent avec la première ligne, '{first}', dont le mot-clé n'est alors pas reconnu"),
        Some(m("Save the file as UTF-8 without BOM, or: sed -i '1s/^\\xEF\\xBB\\xBF//' {path}",
               "Enregistrez le fichier en UTF-8 sans BOM, ou : sed -i '1s/^\\xEF\\xBB\\xBF//' {path}"));
    FILE_NUL: "file.format", Warning, None,
        m("line {line} holds a NUL byte: the executables stop reading the line there", "la ligne {line} contient un octet NUL : les exécutables arrêtent d'y lire la ligne"),
        Some(m("Remove it: the configuration files are plain text.", "Supprimez-le : les fichiers de configuration sont du texte simple."));

    // The parmcom files.
    PARMCOM_UNREADABLE_DEFAULTS: "parmcom.read", Error, Some(19),
        m("the F_DEFAULT file {path} {why}", "le fichier F_DEFAULT {path} {why}"),
        Some(m("Create {path} (shared defaults) or correct F_DEFAULT in the pathfile; the web server's user must be able to read it.",
               "Créez {path} (paramètres par défaut) ou corrigez F_DEFAULT dans le pathfile ; l'utilisateur du serveur web doit pouvoir le lire."));
    PARMCOM_UNREADABLE_MERCHANT: "parmcom.read", Error, Some(18),
        m("the F_PARAM file {path} {why}", "le fichier F_PARAM {path} {why}"),
        Some(m("The merchant file is F_PARAM + '.' + merchant_id: create {path} (or rename the demo's parmcom.<id>, FAQ 6 step 2), or correct F_PARAM / merchant_id.",
               "Le fichier commerçant est F_PARAM + '.' + merchant_id : créez {path} (ou renommez le parmcom.<id> de démonstration, FAQ 6 étape 2), ou corrigez F_PARAM / merchant_id."));
    PARMCOM_IS_DIRECTORY: "parmcom.read", Warning, None,
        m("this is a directory: the executables read it as an empty file", "c'est un répertoire : les exécutables le lisent comme un fichier vide"),
        Some(m("Correct {key} in the pathfile.", "Corrigez {key} dans le pathfile."));
    PARMCOM_BAD_LINE: "parmcom.syntax", Error, Some(22),
        m("line {line}: 3 '!'-separated items expected (KEYWORD!value!), found {found}", "ligne {line} : 3 éléments séparés par '!' attendus (MOTCLE!valeur!), {found} trouvés"),
        Some(m("Write KEYWORD!value! (a '!' may not appear inside the value), end the file with a line break, start comments with #.",
               "Écrivez MOTCLE!valeur! (pas de '!' dans la valeur), terminez le fichier par un retour à la ligne, commentaires en #."));
    PARMCOM_SYNTAX_OK: "parmcom.syntax", Ok, None,
        m("{lines} lines, syntax OK, {settings} settings", "{lines} lignes, syntaxe correcte, {settings} réglages"), None;
    PARMCOM_REPEATED: "parmcom.duplicate", Note, None,
        m("{keyword} was already set on line {earlier}; this later line wins", "{keyword} était déjà défini ligne {earlier} ; cette ligne, plus loin, l'emporte"), None;
    PARMCOM_ARGUMENT_ONLY: "parmcom.keyword", Warning, None,
        m("{keyword} cannot be set in a parmcom file: the executables ignore the line", "{keyword} ne peut pas être réglé dans un fichier parmcom : les exécutables ignorent la ligne"),
        Some(m("Pass {name}= as an argument of request.", "Passez {name}= en argument de request."));
    PARMCOM_KEYWORD_CASE: "parmcom.keyword", Warning, None,
        m("keywords are case-sensitive: {keyword} is ignored", "les mots-clés respectent la casse : {keyword} est ignoré"), Some(FIX_KEYWORD_SPELLING);
    PARMCOM_KEYWORD_TYPO: "parmcom.keyword", Warning, None,
        m("unknown keyword {keyword}, ignored by the executables: did you mean {known}?", "mot-clé inconnu {keyword}, ignoré par les exécutables : vouliez-vous dire {known} ?"),
        Some(FIX_KEYWORD_SPELLING);
    PARMCOM_KEYWORD_UNKNOWN: "parmcom.keyword", Warning, None,
        m("unknown keyword {keyword}, ignored by the executables", "mot-clé inconnu {keyword}, ignoré par les exécutables"),
        Some(m("Remove the line or use a keyword of the data dictionary (docs/configuration.md lists them).",
               "Supprimez la ligne ou utilisez un mot-clé du dictionnaire des données (docs/configuration.md les liste)."));
    PARMCOM_TOO_LONG: "parmcom.too_long", Error, Some(23),
        m("{name} is {length} characters long; at most {max} are allowed", "{name} fait {length} caractères ; {max} au plus sont permis"),
        Some(m("Shorten it to {max} characters.", "Réduisez-le à {max} caractères."));
    PARMCOM_SPACES: "parmcom.spaces", Warning, None,
        m("the value of {name} has spaces around it, which are kept ('{value}')", "la valeur de {name} est entourée d'espaces, qui sont conservés ('{value}')"),
        Some(m("Remove the spaces between the '!'.", "Supprimez les espaces entre les '!'."));

    // The merchant.
    MERCHANT_ID_TOO_LONG: "merchant.id", Error, Some(21),
        m("a merchant id has at most 15 digits", "un merchant_id a au plus 15 chiffres"),
        Some(m("Use the 15-digit id the bank gave you.", "Utilisez l'identifiant à 15 chiffres fourni par la banque."));
    MERCHANT_ID_NOT_DIGITS: "merchant.id", Error, Some(23),
        m("a merchant id is made of digits only", "un merchant_id ne contient que des chiffres"),
        Some(m("Use the 15-digit id the bank gave you.", "Utilisez l'identifiant à 15 chiffres fourni par la banque."));
    MERCHANT_FOUND: "merchant.id", Note, None,
        m("merchant {id}, the only one the configuration files name (--merchant-id chooses another)",
          "commerçant {id}, le seul que nomment les fichiers de configuration (--merchant-id en choisit un autre)"), None;
    MERCHANT_NONE: "merchant.id", Error, None,
        m("no parmcom.<merchant_id>, certificate or key file names a merchant", "aucun fichier parmcom.<merchant_id>, certificat ni fichier de clé ne désigne de commerçant"),
        Some(m("Pass --merchant-id ID (and create its parmcom and certificate: sogen init does both).",
               "Passez --merchant-id ID (et créez son parmcom et son certificat : sogen init fait les deux)."));
    MERCHANT_SEVERAL: "merchant.id", Error, None,
        m("several merchants are configured ({list})", "plusieurs commerçants sont configurés ({list})"),
        Some(m("Pass --merchant-id ID to choose the one to check.", "Passez --merchant-id ID pour choisir celui à vérifier."));
    MERCHANT_SIPS1: "merchant.protocol", Note, None,
        m("merchant {id} ({country}) is a SIPS 1.0 merchant: its credential file is a certificate",
          "le commerçant {id} ({country}) est un commerçant SIPS 1.0 : son fichier d'identification est un certificat"), None;
    MERCHANT_SIPS2: "merchant.protocol", Note, None,
        m("merchant {id} ({country}) is a Sips 2.0 merchant (today's Sogenactif): its credential file is a key file",
          "le commerçant {id} ({country}) est un commerçant Sips 2.0 (le Sogenactif d'aujourd'hui) : son fichier d'identification est un fichier de clé"), None;
    COUNTRY_DIFFERS: "merchant.country", Warning, None,
        m("--country {given} differs from MERCHANT_COUNTRY {parmcom} in the parmcom files (an argument wins over them)",
          "--country {given} diffère de MERCHANT_COUNTRY {parmcom} des fichiers parmcom (un argument l'emporte)"),
        Some(m("Make the script's merchant_country= and MERCHANT_COUNTRY agree.", "Accordez le merchant_country= du script et MERCHANT_COUNTRY."));
    COUNTRY_ASSUMED: "merchant.country", Note, None,
        m("no MERCHANT_COUNTRY in the parmcom files: the script must pass merchant_country= ({country} assumed)",
          "pas de MERCHANT_COUNTRY dans les fichiers parmcom : le script doit passer merchant_country= ({country} supposé)"), None;
    COUNTRY_CASE: "merchant.country", Error, Some(23),
        m("merchant_country must be lower case", "merchant_country doit être en minuscules"),
        Some(m("Write {lower}.", "Écrivez {lower}."));

    // The merged settings.
    MEANS_AGAINST_ORDER: "parmcom.payment_means", Error, Some(23),
        m("PAYMENT_MEANS and BLOCK_ORDER disagree: {why}", "PAYMENT_MEANS et BLOCK_ORDER ne concordent pas : {why}"),
        Some(m("Write PAYMENT_MEANS as NAME,block pairs (e.g. CB,2,VISA,2,MASTERCARD,2) whose blocks all appear in BLOCK_ORDER (e.g. 1,2,3,4,5,6,7,8,9).",
               "Écrivez PAYMENT_MEANS en paires NOM,bloc (ex. CB,2,VISA,2,MASTERCARD,2) dont tous les blocs figurent dans BLOCK_ORDER (ex. 1,2,3,4,5,6,7,8,9)."));
    MEANS_NONE: "parmcom.payment_means", Warning, None,
        m("no PAYMENT_MEANS: the payment form has no card to click", "pas de PAYMENT_MEANS : le formulaire de paiement n'a aucune carte à cliquer"),
        Some(m("Add PAYMENT_MEANS!CB,2,VISA,2,MASTERCARD,2! (or pass payment_means=).", "Ajoutez PAYMENT_MEANS!CB,2,VISA,2,MASTERCARD,2! (ou passez payment_means=)."));
    MEANS_OK: "parmcom.payment_means", Ok, None,
        m("payment means and block order agree", "moyens de paiement et ordre des blocs concordent"), None;
    LANGUAGE_CASE: "parmcom.language", Error, Some(23),
        m("LANGUAGE must be lower case", "LANGUAGE doit être en minuscules"),
        Some(m("Write LANGUAGE!{lower}!", "Écrivez LANGUAGE!{lower}!"));
    CURRENCY_NOT_NUMERIC: "parmcom.currency", Error, Some(23),
        m("CURRENCY is the numeric ISO 4217 code (978 for euros)", "CURRENCY est le code ISO 4217 numérique (978 pour l'euro)"),
        Some(m("Write CURRENCY!978! (euro).", "Écrivez CURRENCY!978! (euro)."));
    CURRENCY_UNKNOWN: "parmcom.currency", Warning, Some(27),
        m("the payment server does not accept this currency: it answers Invalid Transaction", "le serveur de paiement n'accepte pas cette devise : il répond Invalid Transaction"),
        Some(m("Use a currency of your contract (978 for euros).", "Utilisez une devise de votre contrat (978 pour l'euro)."));
    RETURN_URL_MISSING: "parmcom.urls", Warning, Some(23),
        m("no {key}: every call of request must pass {name}= or it fails", "pas de {key} : chaque appel de request doit passer {name}= sinon il échoue"),
        Some(m("Add {key}!https://your.shop/call_response.php!", "Ajoutez {key}!https://votre.boutique/call_response.php!"));
    RETURN_URL_NOT_ABSOLUTE: "parmcom.urls", Warning, None,
        m("not an absolute http(s) URL: the payment page cannot send the customer back", "pas une URL http(s) absolue : la page de paiement ne peut pas renvoyer le client"),
        Some(FIX_ABSOLUTE_URL);
    RETURN_URL_OK: "parmcom.urls", Ok, None, m("absolute URL", "URL absolue"), None;
    CUSTOMER_ID_CHARACTERS: "parmcom.customer_id", Warning, Some(27),
        m("the characters | ; : \" are forbidden in customer_id: the payment server refuses the transaction",
          "les caractères | ; : \" sont interdits dans customer_id : le serveur de paiement refuse la transaction"),
        Some(m("Remove them.", "Supprimez-les."));
    DATA_ITEM: "parmcom.data", Warning, Some(25),
        m("DATA holds '{item}', which is not a KEYWORD=value; item: the payment page stays blank after a card logo is clicked",
          "DATA contient '{item}', qui n'est pas un élément MOTCLE=valeur; : la page de paiement reste blanche après le clic sur une carte"),
        Some(m("Only put in DATA the keywords the page customisation guide describes (KEYWORD=value; or <TAG>;…</TAG>;).",
               "Ne mettez dans DATA que les mots-clés décrits dans le guide de personnalisation (MOTCLE=valeur; ou <BALISE>;…</BALISE>;)."));
    AUTO_MISSING: "parmcom.auto_response", Warning, Some(3),
        m("no AUTO_RESPONSE_URL: the payment server has nowhere to post the automatic response (status UNDEFINED), so a customer who closes the browser before returning to the shop leaves an unrecorded payment",
          "pas de AUTO_RESPONSE_URL : le serveur de paiement n'a nulle part où poster la réponse automatique (statut UNDEFINED) ; un client qui ferme son navigateur avant de revenir laisse un paiement non enregistré"),
        Some(m("Add AUTO_RESPONSE_URL!https://your.shop/call_autoresponse.php!", "Ajoutez AUTO_RESPONSE_URL!https://votre.boutique/call_autoresponse.php!"));
    AUTO_NOT_ABSOLUTE: "parmcom.auto_response", Warning, Some(3),
        m("not an absolute http(s) URL: the automatic response cannot be delivered (status FAILED)", "pas une URL http(s) absolue : la réponse automatique ne peut être livrée (statut FAILED)"),
        Some(FIX_ABSOLUTE_URL);
    AUTO_PORT_LOCAL: "parmcom.auto_response", Note, None,
        m("port {port} is outside 80–9999: fine with the local sandbox, but a real payment server only called ports 80 to 9999",
          "le port {port} est hors de 80–9999 : correct avec le serveur local, mais un vrai serveur de paiement n'appelait que les ports 80 à 9999"), None;
    AUTO_PORT: "parmcom.auto_response", Warning, Some(3),
        m("port {port} is outside 80–9999, which the payment server does not call", "le port {port} est hors de la plage 80–9999, que le serveur de paiement n'appelle pas"),
        Some(m("Serve call_autoresponse on a port from 80 to 9999.", "Servez call_autoresponse sur un port de 80 à 9999."));
    AUTO_SESSION: "parmcom.auto_response", Warning, Some(3),
        m("the URL carries a session variable: the automatic response comes without the customer's browser or session",
          "l'URL transporte une variable de session : la réponse automatique arrive sans le navigateur ni la session du client"),
        Some(m("Pass context in CADDIE or RETURN_CONTEXT instead.", "Transmettez le contexte dans CADDIE ou RETURN_CONTEXT."));
    AUTO_OK: "parmcom.auto_response", Ok, None, m("absolute URL, usable port", "URL absolue, port utilisable"), None;
    AUTO_LOCAL: "parmcom.auto_response", Note, None,
        m("the automatic response goes to this machine: fine with the local sandbox, unreachable for a real payment server",
          "la réponse automatique va vers cette machine : correct avec le serveur local, injoignable pour un vrai serveur de paiement"), None;

    // The certificate.
    CERTIFICATE_MISSING: "certificate.read", Error, Some(20),
        m("no certificate at {path}", "pas de certificat en {path}"),
        Some(m("The certificate must be named F_CERTIFICATE.<merchant_country>.<merchant_id>{suffix}: check merchant_country ({country}), merchant_id ({id}) and F_CTYPE; for a local test generate one with `sogen cert --merchant-id {id} --country {country} --url http://127.0.0.1:8090/cgis-payment/demo --dir <dir>`.",
               "Le certificat doit s'appeler F_CERTIFICATE.<merchant_country>.<merchant_id>{suffix} : vérifiez merchant_country ({country}), merchant_id ({id}) et F_CTYPE ; pour un test local, générez-en un avec `sogen cert --merchant-id {id} --country {country} --url http://127.0.0.1:8090/cgis-payment/demo --dir <rép>`."));
    CERTIFICATE_DENIED: "certificate.read", Error, Some(20),
        m("the certificate {path} cannot be read by this user", "le certificat {path} n'est pas lisible par cet utilisateur"),
        Some(m("Let the web server's user read it, and nobody else: chown <that user> {path}; chmod 600 {path}.",
               "Rendez-le lisible par l'utilisateur du serveur web et par lui seul : chown <cet utilisateur> {path} ; chmod 600 {path}."));
    CERTIFICATE_READABLE_BY_ALL: "certificate.mode", Warning, None,
        m("the certificate is readable by every user of this machine (mode {mode}): it holds the merchant's secret key",
          "le certificat est lisible par tous les utilisateurs de la machine (mode {mode}) : il contient la clé secrète du commerçant"),
        Some(m("chmod 600 {path} (or 640 with the web server's group).", "chmod 600 {path} (ou 640 avec le groupe du serveur web)."));
    CERTIFICATE_HEADER_WITHOUT_CTYPE: "certificate.layout", Error, None,
        m("this certificate has a header (merchant_id!…! lines, certificate_data!) but the pathfile has no F_CTYPE, so it is read as a bare certificate",
          "ce certificat a un en-tête (lignes merchant_id!…!, certificate_data!) mais le pathfile n'a pas de F_CTYPE : il est lu comme un certificat nu"),
        Some(m("Add F_CTYPE!php! (the certificate's type) to the pathfile.", "Ajoutez F_CTYPE!php! (le type du certificat) au pathfile."));
    CERTIFICATE_CTYPE_WITHOUT_HEADER: "certificate.layout", Error, None,
        m("F_CTYPE is set but the certificate has no certificate_data! line: the executables find no key in it",
          "F_CTYPE est défini mais le certificat n'a pas de ligne certificate_data! : les exécutables n'y trouvent aucune clé"),
        Some(m("Use the certificate file as the bank sent it, or remove F_CTYPE for a bare certificate.",
               "Utilisez le certificat tel que la banque l'a envoyé, ou retirez F_CTYPE pour un certificat nu."));
    CERTIFICATE_DATE_LINE: "certificate.layout", Error, None,
        m("the certificate's date line (data line 43: label,dd/mm/yyyy,V4,bank,name) is missing or damaged",
          "la ligne de date du certificat (ligne de données 43 : libellé,jj/mm/aaaa,V4,banque,nom) manque ou est abîmée"),
        Some(FIX_RESTORE_CERTIFICATE);
    CERTIFICATE_DATE_FORMAT: "certificate.date", Error, None,
        m("the certificate date '{date}' is not dd/mm/yyyy", "la date du certificat '{date}' n'est pas au format jj/mm/aaaa"), Some(FIX_RESTORE_CERTIFICATE);
    CERTIFICATE_DATE_TOO_LONG: "certificate.date", Error, Some(23),
        m("the certificate date '{date}' gives {length} characters, more than the 8 of yyyymmdd", "la date du certificat '{date}' donne {length} caractères, plus que les 8 de aaaammjj"),
        Some(FIX_RESTORE_CERTIFICATE);
    CERTIFICATE_DATE_NOT_CALENDAR: "certificate.date", Warning, None,
        m("the certificate date '{date}' is not a calendar date (the payment server would refuse it)",
          "la date du certificat '{date}' n'est pas une date du calendrier (le serveur de paiement la refuserait)"), Some(FIX_RESTORE_CERTIFICATE);
    CERTIFICATE_DATE_OK: "certificate.date", Ok, None,
        m("certificate of {date} ({bank})", "certificat du {date} ({bank})"), None;
    CERTIFICATE_OTHER_MERCHANT: "certificate.header", Error, Some(20),
        m("the certificate is for merchant '{theirs}', not {id}", "le certificat est celui du commerçant '{theirs}', pas {id}"),
        Some(m("Use this merchant's own certificate (the file name and its merchant_id line must both carry the merchant id).",
               "Utilisez le certificat de ce commerçant (le nom du fichier et sa ligne merchant_id portent tous deux son identifiant)."));
    CERTIFICATE_OTHER_COUNTRY: "certificate.header", Error, Some(20),
        m("the certificate is for country '{theirs}', not {country}", "le certificat est pour le pays '{theirs}', pas {country}"),
        Some(m("Make merchant_country agree with the certificate.", "Accordez merchant_country avec le certificat."));
    CERTIFICATE_OTHER_TYPE: "certificate.header", Error, Some(20),
        m("the certificate's type is '{theirs}' but the pathfile's F_CTYPE is '{ctype}'", "le type du certificat est '{theirs}' mais le F_CTYPE du pathfile est '{ctype}'"),
        Some(m("Write F_CTYPE!{theirs}! in the pathfile.", "Écrivez F_CTYPE!{theirs}! dans le pathfile."));
    CERTIFICATE_HEADER_OK: "certificate.header", Ok, None,
        m("merchant id, country and type match", "merchant_id, pays et type concordent"), None;
    CERTIFICATE_EXPIRED: "certificate.expired", Warning, Some(6),
        m("certificate_expired {date} is past (the executables never check it; a payment server refuses an expired certificate)",
          "certificate_expired {date} est dépassé (les exécutables ne le vérifient pas ; un serveur de paiement refuse un certificat expiré)"),
        Some(m("Install the new certificate (FAQ 6).", "Installez le nouveau certificat (FAQ 6)."));
    CERTIFICATE_URL_UNREADABLE: "certificate.url", Error, None,
        m("the payment server URL enciphered in the certificate cannot be read (data lines 1 and 26–29 damaged)",
          "l'URL du serveur de paiement chiffrée dans le certificat est illisible (lignes de données 1 et 26 à 29 abîmées)"), Some(FIX_RESTORE_CERTIFICATE);
    CERTIFICATE_KEY_DAMAGED: "certificate.key", Error, None,
        m("the key lines of the certificate (data lines 1–25, 64+ characters each) are damaged",
          "les lignes de clé du certificat (lignes de données 1 à 25, 64 caractères ou plus) sont abîmées"), Some(FIX_RESTORE_CERTIFICATE);
    CERTIFICATE_KEY_OK: "certificate.key", Ok, None, m("key matrix readable", "matrice de clés lisible"), None;
    CERTIFICATE_OLD_OK: "certificate.old", Note, None,
        m("previous certificate present: responses sealed with it are still accepted", "ancien certificat présent : les réponses scellées avec lui sont encore acceptées"), None;
    CERTIFICATE_OLD_DAMAGED: "certificate.old", Warning, None,
        m("the previous certificate is damaged: a response whose MAC does not match fails on it", "l'ancien certificat est abîmé : une réponse dont le MAC ne correspond pas échoue dessus"),
        Some(m("Remove it or restore it.", "Supprimez-le ou restaurez-le."));

    // The Sips 2.0 key file in the certificate's place.
    KEYFILE_INVALID: "keyfile.read", Error, None,
        m("this Sips 2.0 key file cannot be used: {detail}", "ce fichier de clé Sips 2.0 est inutilisable : {detail}"),
        Some(m("Write it again with sogen key, which checks every value, or correct the line named: KEY!value! lines, the keys SIPS_VERSION, SECRET_KEY, KEY_VERSION, PAYMENT_URL and optionally INTERFACE_VERSION, SEAL_ALGORITHM, SHOP_CHARSET (docs/sips2.md).",
               "Réécrivez-le avec sogen key, qui vérifie chaque valeur, ou corrigez la ligne indiquée : lignes CLE!valeur!, les clés SIPS_VERSION, SECRET_KEY, KEY_VERSION, PAYMENT_URL et au choix INTERFACE_VERSION, SEAL_ALGORITHM, SHOP_CHARSET (docs/fr/sips2.md)."));
    KEYFILE_OK: "keyfile.read", Ok, None,
        m("Sips 2.0 key file: key version {version}, seal {algorithm}, interface {interface}, shop character set {charset}; a secret key of {length} characters (not shown)",
          "fichier de clé Sips 2.0 : version de clé {version}, sceau {algorithm}, interface {interface}, jeu de caractères de la boutique {charset} ; une clé secrète de {length} caractères (non affichée)"), None;
    KEYFILE_READABLE_BY_ALL: "keyfile.mode", Warning, None,
        m("the key file is readable by every user of this machine (mode {mode}): its secret key lets whoever reads it seal payment responses the shop accepts",
          "le fichier de clé est lisible par tous les utilisateurs de la machine (mode {mode}) : sa clé secrète permet à qui la lit de sceller des réponses de paiement que la boutique accepte"),
        Some(m("chmod 600 {path} (or 640 with the web server's group).", "chmod 600 {path} (ou 640 avec le groupe du serveur web)."));
    KEYFILE_OLDER_SEAL: "keyfile.seal", Note, None,
        m("SEAL_ALGORITHM!SHA-256!: the older seal (SHA-256 of Data followed by the key), for a shop the bank set up that way; HMAC-SHA-256 is the default",
          "SEAL_ALGORITHM!SHA-256! : l'ancien sceau (SHA-256 de Data suivi de la clé), pour une boutique que la banque a configurée ainsi ; HMAC-SHA-256 est la valeur par défaut"), None;
    KEYFILE_PUBLIC_KEY: "keyfile.public_key", Note, None,
        m("the secret key is {id}_KEY1, the form of the keys of Worldline's public simulation shops: anyone can seal responses with it (fine for tests only)",
          "la clé secrète est {id}_KEY1, la forme des clés des boutiques de simulation publiques de Worldline : n'importe qui peut sceller des réponses avec (convient aux tests seulement)"), None;
    KEYFILE_PUBLIC_KEY_LIVE: "keyfile.public_key", Warning, None,
        m("the secret key is {id}_KEY1, a public test key, and the forms post to Sogenactif's production server: anyone can seal responses the shop accepts as paid",
          "la clé secrète est {id}_KEY1, une clé de test publique, et les formulaires postent vers le serveur de production de Sogenactif : n'importe qui peut sceller des réponses que la boutique accepte comme payées"),
        Some(m("Write the secret key the bank gave this merchant: sogen key --merchant-id {id} … --force.",
               "Écrivez la clé secrète que la banque a donnée à ce commerçant : sogen key --merchant-id {id} … --force."));
    KEYFILE_SERVER_SIMU: "keyfile.server", Note, None,
        m("payment forms post to Sogenactif's simulation server: nothing is stored, no real payment",
          "les formulaires de paiement postent vers le serveur de simulation de Sogenactif : rien n'est enregistré, aucun vrai paiement"), None;
    KEYFILE_SERVER_TEST: "keyfile.server", Note, None,
        m("payment forms post to Sogenactif's test server (recette: stored, simulated acquirer; an address seen in integrations, to confirm with the bank)",
          "les formulaires de paiement postent vers le serveur de test de Sogenactif (recette : enregistré, acquéreur simulé ; une adresse vue dans des intégrations, à confirmer avec la banque)"), None;
    KEYFILE_SERVER_PROD: "keyfile.server", Note, None,
        m("payment forms post to Sogenactif's production server: real payments",
          "les formulaires de paiement postent vers le serveur de production de Sogenactif : de vrais paiements"), None;
    KEYFILE_SERVER_INEXACT: "keyfile.server", Warning, None,
        m("PAYMENT_URL is on Sogenactif's {env} host but is not its Paypage POST address {expected}",
          "PAYMENT_URL est sur l'hôte {env} de Sogenactif mais n'est pas son adresse Paypage POST {expected}"),
        Some(FIX_KEY_FILE_URL);
    KEYFILE_SERVER_GONE: "keyfile.server", Warning, None,
        m("PAYMENT_URL is a SIPS 1.0 address, whose servers are gone: Sips 2.0 forms post to …/paymentInit on a Sips 2.0 host",
          "PAYMENT_URL est une adresse SIPS 1.0, dont les serveurs n'existent plus : les formulaires Sips 2.0 postent vers …/paymentInit sur un hôte Sips 2.0"),
        Some(FIX_KEY_FILE_URL);
    KEYFILE_SERVER_OTHER: "keyfile.server", Warning, None,
        m("PAYMENT_URL is neither one of Sogenactif's Paypage POST addresses ({known}) nor a sandbox on this machine: the customers' payments go to {url}",
          "PAYMENT_URL n'est ni une des adresses Paypage POST de Sogenactif ({known}) ni une sandbox sur cette machine : les paiements des clients vont vers {url}"),
        Some(FIX_KEY_FILE_URL);
    KEYFILE_SANDBOX_LISTENING: "keyfile.server", Note, None,
        m("local payment server (sandbox) at {url}; something is listening there", "serveur de paiement local (sandbox) en {url} ; un serveur y écoute"), None;
    KEYFILE_SANDBOX_DOWN: "keyfile.server", Note, None,
        m("local payment server (sandbox) at {url}; nothing listens there yet: start `sogen sandbox --listen {addr} --pathfile {pathfile}`",
          "serveur de paiement local (sandbox) en {url} ; rien n'y écoute encore : lancez `sogen sandbox --listen {addr} --pathfile {pathfile}`"), None;
    KEYFILE_SANDBOX_PATH: "keyfile.server", Warning, None,
        m("PAYMENT_URL points at this machine but does not end with /paymentInit, where the sandbox serves Paypage POST",
          "PAYMENT_URL désigne cette machine mais ne se termine pas par /paymentInit, où la sandbox sert Paypage POST"),
        Some(m("Write PAYMENT_URL!http://{addr}/paymentInit! in {path}.", "Écrivez PAYMENT_URL!http://{addr}/paymentInit! dans {path}."));

    // The payment server the certificate names.
    SERVER_VENDOR_DEMO: "certificate.server", Warning, Some(6),
        m("the certificate points at the vendor's DEMONSTRATION server, which no longer exists", "le certificat désigne le serveur de DÉMONSTRATION de l'éditeur, qui n'existe plus"),
        Some(FIX_GONE_SERVER);
    SERVER_VENDOR_PRODUCTION: "certificate.server", Warning, Some(6),
        m("the certificate points at the vendor's PRODUCTION server, which no longer exists", "le certificat désigne le serveur de PRODUCTION de l'éditeur, qui n'existe plus"),
        Some(FIX_GONE_SERVER);
    SERVER_NOT_HTTP: "certificate.server", Warning, None,
        m("the server URL is not an absolute http(s) URL: the form cannot post anywhere", "l'URL du serveur n'est pas une URL http(s) absolue : le formulaire ne peut rien poster"),
        Some(FIX_GONE_SERVER);
    SERVER_REMOTE: "certificate.server", Note, None, m("payment server {url}", "serveur de paiement {url}"), None;
    SERVER_SANDBOX_LISTENING: "certificate.server", Note, None,
        m("local payment server (sandbox) at {url}/callpayment; something is listening there", "serveur de paiement local (sandbox) en {url}/callpayment ; un serveur y écoute"), None;
    SERVER_SANDBOX_DOWN: "certificate.server", Note, None,
        m("local payment server (sandbox) at {url}/callpayment; nothing listens there yet: start `sogen sandbox --listen {addr} --pathfile {pathfile}`",
          "serveur de paiement local (sandbox) en {url}/callpayment ; rien n'y écoute encore : lancez `sogen sandbox --listen {addr} --pathfile {pathfile}`"), None;
    PUBLIC_DEMO_CERTIFICATE: "certificate.public_demo", Warning, None,
        m("merchant {id} is the vendor's public demonstration merchant: its certificate came with every kit, so anyone can sign requests and forge responses that `response` accepts as paid; here it is used outside a test setup ({why})",
          "le commerçant {id} est le commerçant de démonstration public de l'éditeur : son certificat était livré avec chaque kit, n'importe qui peut donc signer des requêtes et forger des réponses que `response` accepte comme payées ; il sert ici hors d'une installation de test ({why})"),
        Some(m("Use it only with the local sandbox and shop addresses on this machine; for anything reachable from elsewhere use your own merchant id and certificate (sogen init --merchant-id … --certificate FILE).",
               "Ne l'utilisez qu'avec le serveur local et des adresses de boutique sur cette machine ; pour tout ce qui est joignable d'ailleurs, utilisez votre propre merchant_id et votre certificat (sogen init --merchant-id … --certificate FICHIER)."));

    // The sandbox the certificate points at.
    SANDBOX_ACCEPTS: "sandbox.accepts", Ok, None,
        m("the sandbox at {origin} accepts this merchant's payment requests", "la sandbox en {origin} accepte les requêtes de paiement de ce commerçant"), None;
    SANDBOX_REFUSES_CERTIFICATE: "sandbox.accepts", Error, Some(27),
        m("the sandbox at {origin} refuses this merchant's payment requests ({detail}): the customer would see Security error",
          "la sandbox en {origin} refuse les requêtes de paiement de ce commerçant ({detail}) : le client verrait Security error"),
        Some(m("Give the sandbox this merchant's certificate: restart it with --pathfile {pathfile}, or copy {certificate} into the directory it reads (--cert-dir), which takes effect without a restart.",
               "Donnez à la sandbox le certificat de ce commerçant : relancez-la avec --pathfile {pathfile}, ou copiez {certificate} dans le répertoire qu'elle lit (--cert-dir), ce qui prend effet sans redémarrage."));
    SANDBOX_REFUSES_KEY_FILE: "sandbox.accepts", Error, None,
        m("the sandbox at {origin} refuses this merchant's Sips 2.0 payment requests ({detail}): the customer would see {message}, response code {code}",
          "la sandbox en {origin} refuse les requêtes de paiement Sips 2.0 de ce commerçant ({detail}) : le client verrait {message}, code réponse {code}"),
        Some(m("Give the sandbox this merchant's key file: restart it with --pathfile {pathfile}, or copy {path} into the directory it reads (--cert-dir), which takes effect without a restart.",
               "Donnez à la sandbox le fichier de clé de ce commerçant : relancez-la avec --pathfile {pathfile}, ou copiez {path} dans le répertoire qu'elle lit (--cert-dir), ce qui prend effet sans redémarrage."));
    SANDBOX_REFUSES_REQUEST: "sandbox.accepts", Error, Some(27),
        m("the sandbox at {origin} refuses the trial payment request ({detail}): the customer would see {message}",
          "la sandbox en {origin} refuse la requête de paiement d'essai ({detail}) : le client verrait {message}"),
        Some(m("{advice}", "{advice}"));
    SANDBOX_UNKNOWN: "sandbox.accepts", Note, None,
        m("something answers at {origin}, but not as a sogen sandbox ({answer}): whether it accepts this merchant is unknown",
          "quelque chose répond en {origin}, mais pas comme une sandbox sogen ({answer}) : on ne sait pas s'il accepte ce commerçant"), None;

    // The logos.
    LOGOS_MISSING: "logos", Warning, None,
        m("the logo directory {dir} lacks {names}: the payment form shows broken images", "le répertoire des logos {dir} n'a pas {names} : le formulaire de paiement affiche des images cassées"),
        Some(m("Write them: sogen logos --dir {dir} {names}", "Écrivez-les : sogen logos --dir {dir} {names}"));
    LOGOS_OK: "logos", Ok, None,
        m("the logo directory {dir} holds the logos the form shows ({names})", "le répertoire des logos {dir} contient les logos du formulaire ({names})"), None;
    LOGOS_NOT_FOUND: "logos", Note, None,
        m("the browser loads the card logos from D_LOGO ({url}CB.gif…); no logo directory beside the pathfile ({dir}) to check",
          "le navigateur charge les logos des cartes depuis D_LOGO ({url}CB.gif…) ; pas de répertoire de logos à côté du pathfile ({dir}) à vérifier"),
        Some(m("Serve the logos there: `sogen logos --dir <the directory served as {url}>` writes them; --logo-dir DIR checks that directory.",
               "Servez les logos à cet endroit : `sogen logos --dir <le répertoire servi en {url}>` les écrit ; --logo-dir RÉP vérifie ce répertoire."));

    // The executables (--bin-dir).
    EXECUTABLE_MISSING: "executables", Error, None,
        m("the {name} executable cannot be found: {error}", "l'exécutable {name} est introuvable : {error}"), Some(FIX_EXECUTABLE_PATH);
    EXECUTABLE_NOT_EXECUTABLE: "executables", Error, None,
        m("{name} is not an executable file", "{name} n'est pas un fichier exécutable"), Some(FIX_EXECUTABLE_PATH);
    EXECUTABLE_CANNOT_RUN: "executables", Error, None,
        m("{name} cannot be run: {error}", "{name} ne peut pas être lancé : {error}"), Some(FIX_EXECUTABLE_PATH);
    EXECUTABLE_HANGS: "executables", Error, None,
        m("{name} did not finish within {seconds} s and was stopped: the shop's page would hang on it",
          "{name} ne s'est pas terminé en {seconds} s et a été arrêté : la page de la boutique resterait bloquée dessus"),
        Some(FIX_INSTALL_EXECUTABLES);
    EXECUTABLE_ANSWERS_OTHERWISE: "executables", Warning, None,
        m("{name} runs but does not answer like the legacy executable (exit {status}, printed {printed})",
          "{name} se lance mais ne répond pas comme l'exécutable d'origine (code de sortie {status}, a affiché {printed})"),
        Some(FIX_INSTALL_EXECUTABLES);
    EXECUTABLE_OK: "executables", Ok, None, m("{name} runs and answers", "{name} se lance et répond"), None;

    // The trial request + response.
    TRIAL_REQUEST_FAILS: "trial.request", Error, None,
        m("the trial request fails: this is what the shop's payment page would show", "la requête d'essai échoue : c'est ce qu'afficherait la page de paiement de la boutique"),
        Some(FIX_SEE_ABOVE);
    TRIAL_NO_DATA: "trial.request", Error, None,
        m("the form has neither a DATA field (SIPS 1.0) nor Data and Seal fields (Sips 2.0)",
          "le formulaire n'a ni champ DATA (SIPS 1.0) ni champs Data et Seal (Sips 2.0)"), None;
    TRIAL_REQUEST_OK: "trial.request", Ok, None,
        m("request works: the form posts to {action}", "request fonctionne : le formulaire poste vers {action}"), None;
    TRIAL_DATA_UNREADABLE: "trial.response", Error, None,
        m("the request's DATA cannot be read back with the certificate", "le DATA de la requête ne peut pas être relu avec le certificat"), None;
    TRIAL_MAC_MISMATCH: "trial.response", Error, Some(27),
        m("the request's MAC does not verify with the certificate: the payment server would answer Security error",
          "le MAC de la requête ne se vérifie pas avec le certificat : le serveur de paiement répondrait Security error"), None;
    TRIAL_FORM_UNREADABLE: "trial.response", Error, None,
        m("the request's Sips 2.0 form cannot be read back with the key file ({error})",
          "le formulaire Sips 2.0 de la requête ne peut pas être relu avec le fichier de clé ({error})"), None;
    TRIAL_SEAL_MISMATCH: "trial.response", Error, None,
        m("the request's form does not verify with the key file ({error}): Sips would show its error page with response code 34",
          "le formulaire de la requête ne se vérifie pas avec le fichier de clé ({error}) : Sips afficherait sa page d'erreur avec le code réponse 34"), None;
    TRIAL_NO_RESPONSE: "trial.response", Error, None,
        m("no response can be built: {error}", "aucune réponse ne peut être construite : {error}"), None;
    TRIAL_RESPONSE_OK: "trial.response", Ok, None,
        m("response reads a payment server's answer (amount, transaction id and customer id come back)",
          "response lit la réponse d'un serveur de paiement (montant, transaction_id et customer_id reviennent)"), None;
    TRIAL_RESPONSE_DIFFERS: "trial.response", Error, None,
        m("response accepted the answer but its values differ from the request's", "response accepte la réponse mais ses valeurs diffèrent de celles de la requête"), None;
    TRIAL_RESPONSE_FAILS: "trial.response", Error, None,
        m("the trial response fails: this is what call_response would show", "la réponse d'essai échoue : c'est ce qu'afficherait call_response"),
        Some(FIX_SEE_ABOVE);
}

fragments! {
    // Added to a finding's problem or fix.
    RESOLVED_AGAINST = " (a relative path: from the current directory {cwd} it names {absolute})",
        " (chemin relatif : depuis le répertoire courant {cwd} il désigne {absolute})";
    NO_BANG = "this line has no '!'", "cette ligne n'a aucun '!'";
    EMPTY_KEY_OR_VALUE = "empty keyword or empty value (KEY!value! expected)", "mot-clé ou valeur vide (CLE!valeur! attendu)";
    LONGER_THAN_255 = " — the line is longer than 255 bytes, which the executables read in pieces",
        " — la ligne dépasse 255 octets, que les exécutables lisent en plusieurs morceaux";
    ONLY_FIRST_REPORTED = " (the executables only report the first bad line, {first})",
        " (les exécutables ne signalent que la première mauvaise ligne, {first})";
    TRACE_LINE = "; they also print the trace line `…-{trace}`", " ; ils affichent aussi la ligne de trace `…-{trace}`";
    EXAMPLE_D_LOGO = "the logos' URL directory, e.g. D_LOGO!/logo/!", "le répertoire URL des logos, ex. D_LOGO!/logo/!";
    EXAMPLE_F_DEFAULT = "e.g. F_DEFAULT!/var/www/sogen/param/parmcom.sogenactif!", "ex. F_DEFAULT!/var/www/sogen/param/parmcom.sogenactif!";
    EXAMPLE_F_PARAM = "e.g. F_PARAM!/var/www/sogen/param/parmcom!", "ex. F_PARAM!/var/www/sogen/param/parmcom!";
    EXAMPLE_F_CERTIFICATE = "e.g. F_CERTIFICATE!/var/www/sogen/param/certif!", "ex. F_CERTIFICATE!/var/www/sogen/param/certif!";
    CANNOT_OPEN = "cannot be opened (missing?)", "ne peut pas être ouvert (absent ?)";
    CANNOT_READ = "cannot be read by this user", "n'est pas lisible par cet utilisateur";
    PRESENT = " Present: {names}.", " Présents : {names}.";
    NO_FINAL_LINE_BREAK = " — the last line has no line break", " — la dernière ligne n'a pas de retour à la ligne";
    LONGER_THAN_2047 = " — the line is longer than 2047 bytes, which the executables read in pieces",
        " — la ligne dépasse 2047 octets, que les exécutables lisent en plusieurs morceaux";
    MEANS_TOO_MANY = "more than 30 items in PAYMENT_MEANS or BLOCK_ORDER", "plus de 30 éléments dans PAYMENT_MEANS ou BLOCK_ORDER";
    MEANS_ODD = "PAYMENT_MEANS must be NAME,block pairs: it has an odd number of items",
        "PAYMENT_MEANS doit être une suite de paires NOM,bloc : le nombre d'éléments est impair";
    ORDER_NOT_A_BLOCK = "BLOCK_ORDER item '{item}' is not a block number from 1 to 9", "l'élément '{item}' de BLOCK_ORDER n'est pas un numéro de bloc de 1 à 9";
    MEANS_EMPTY_NAME = "a payment means has an empty name", "un moyen de paiement a un nom vide";
    MEANS_BAD_BLOCK = "the block '{block}' of {name} is not a number from 0 to 9", "le bloc '{block}' de {name} n'est pas un nombre de 0 à 9";
    MEANS_BLOCK_NOT_IN_ORDER = "{name} is in block '{block}', which BLOCK_ORDER ({order}) does not list (blocks are compared as written: 01 is not 1)",
        "{name} est dans le bloc '{block}', absent de BLOCK_ORDER ({order}) (les blocs sont comparés tels qu'écrits : 01 n'est pas 1)";
    CERTIFICATE_SUFFIX = ".<F_CTYPE>", ".<F_CTYPE>";
    SUPPLIED_BY_TRIAL = " (with {names} supplied by the trial: the shop must pass them)", " ({names} fournis par l'essai : la boutique doit les passer)";
    DEMO_SERVER_ELSEWHERE = "its certificate points at {url}", "son certificat désigne {url}";
    DEMO_SHOP_ELSEWHERE = "{key} is {url}", "{key} vaut {url}";

    // The report's own words.
    REPORT_HEADER = "sogen doctor: pathfile {pathfile}, merchant {merchant} ({country})",
        "sogen doctor : pathfile {pathfile}, commerçant {merchant} ({country})";
    REPORT_LEGACY = "legacy error: {text}", "erreur des exécutables : {text}";
    REPORT_NO_LEGACY = "legacy error: none (the executables do not report this)",
        "erreur des exécutables : aucune (ils ne signalent pas ce problème)";
    REPORT_FAQ = "FAQ §{number} ({gloss}): {title}", "FAQ §{number} : {title}";
    REPORT_FIX = "fix: {text}", "correctif : {text}";
    REPORT_SUMMARY = "{errors} error(s), {warnings} warning(s), {notes} note(s), {passed} check(s) passed: {verdict}",
        "{errors} erreur(s), {warnings} avertissement(s), {notes} remarque(s), {passed} vérification(s) réussie(s) : {verdict}";
    REPORT_ALL_WELL = "all is well", "tout va bien";
    REPORT_SEE_FIXES = "see the fixes above", "voyez les correctifs ci-dessus";
    TAG_OK = "  ok ", "    ok";
    TAG_NOTE = " note", "  note";
    TAG_WARNING = " WARN", "ALERTE";
    TAG_ERROR = "ERROR", "ERREUR";
}

/// The keywords every pathfile needs, with their FAQ entry and an example.
pub static REQUIRED_KEYWORDS: [(&str, u32, Msg); 4] = [
    ("D_LOGO", 17, EXAMPLE_D_LOGO),
    ("F_DEFAULT", 16, EXAMPLE_F_DEFAULT),
    ("F_PARAM", 15, EXAMPLE_F_PARAM),
    ("F_CERTIFICATE", 14, EXAMPLE_F_CERTIFICATE),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::faq;

    fn same_placeholders(what: &str, m: &Msg) {
        assert_eq!(Msg::placeholders(m.en), Msg::placeholders(m.fr), "{what}: {m:?}");
        assert!(!m.en.is_empty() && !m.fr.is_empty(), "{what}");
    }

    /// Both languages say the same thing with the same values, every FAQ
    /// number is one the FAQ table titles, and names are unique.
    #[test]
    fn every_entry_is_complete_in_both_languages() {
        for e in ALL {
            same_placeholders(e.name, &e.problem);
            if let Some(fix) = &e.fix {
                same_placeholders(e.name, fix);
            }
            assert!(e.faq.is_none_or(|n| faq::entry(n).is_some()), "{}: FAQ {:?}", e.name, e.faq);
            // A problem comes with its fix; the trial's point at the problems above.
            let fixed = e.severity < Severity::Warning || e.fix.is_some() || e.name.starts_with("TRIAL_");
            assert!(fixed, "{} has no fix", e.name);
        }
        let mut names: Vec<&str> = ALL.iter().map(|e| e.name).collect();
        names.sort_unstable();
        let count = names.len();
        names.dedup();
        assert_eq!(names.len(), count, "unique names");
        // The French FAQ line leaves out the English gloss of the (French) title.
        for f in ALL_FRAGMENTS {
            let (en, fr) = (Msg::placeholders(f.en), Msg::placeholders(f.fr));
            assert!(fr.iter().all(|p| en.contains(p)) && (en == fr || **f == REPORT_FAQ), "{f:?}");
        }
    }

    /// Nothing the doctor prints may send a user outside the repository.
    #[test]
    fn no_message_points_outside_the_repository() {
        let texts =
            ALL.iter().flat_map(|e| [Some(e.problem), e.fix]).flatten().chain(ALL_FRAGMENTS.iter().map(|m| **m));
        for m in texts {
            for text in [m.en, m.fr] {
                assert!(!text.contains("../") && !text.contains("faq.txt"), "{text}");
            }
        }
    }
}
