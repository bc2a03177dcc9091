<?php

// The payment result as a page a person reads, in French or English (the
// browser's Accept-Language): the outcome and what its response code means,
// the amount, the transaction and order, the card, the date; every value
// received under "Details". Used by call_response.php. The texts are HTML
// (accents as entities: the page is ISO-8859-1); the values are escaped.

const TEXTS = [
    'en' => [
        'title' => 'Payment result',
        'paid' => 'Payment accepted',
        'refused' => 'Payment refused',
        'cancelled' => 'Payment cancelled',
        'error' => 'The payment response could not be read',
        'unknown_order' => 'This page names no order of this shop.',
        'no_response' => 'No payment response in this request.',
        'code' => 'Response code',
        'colon' => ': ',
        'amount' => 'Amount',
        'transaction' => 'Transaction',
        'order' => 'Order',
        'card' => 'Card',
        'date' => 'Date',
        'authorisation' => 'Authorisation',
        'details' => 'Details: every value received',
        'new_order' => 'New order',
    ],
    'fr' => [
        'title' => 'R&eacute;sultat du paiement',
        'paid' => 'Paiement accept&eacute;',
        'refused' => 'Paiement refus&eacute;',
        'cancelled' => 'Paiement annul&eacute;',
        'error' => 'La r&eacute;ponse du paiement n&#39;a pas pu &ecirc;tre lue',
        'unknown_order' => 'Cette page ne d&eacute;signe aucune commande de la boutique.',
        'no_response' => 'Aucune r&eacute;ponse de paiement dans cette requ&ecirc;te.',
        'code' => 'Code r&eacute;ponse',
        'colon' => ' : ',
        'amount' => 'Montant',
        'transaction' => 'Transaction',
        'order' => 'Commande',
        'card' => 'Carte',
        'date' => 'Date',
        'authorisation' => 'Autorisation',
        'details' => 'D&eacute;tails : toutes les valeurs re&ccedil;ues',
        'new_order' => 'Nouvelle commande',
    ],
];

// What the response codes of the data dictionary mean: [English, French].
const RESPONSE_CODES = [
    '00' => ['authorisation accepted', 'autorisation accept&eacute;e'],
    '02' => ['card limit exceeded: authorisation to ask the bank by phone', 'plafond de la carte d&eacute;pass&eacute; : autorisation &agrave; demander par t&eacute;l&eacute;phone'],
    '03' => ['invalid merchant or no distance-selling contract', 'commer&ccedil;ant invalide ou contrat de vente &agrave; distance absent'],
    '05' => ['authorisation refused', 'autorisation refus&eacute;e'],
    '12' => ['invalid transaction', 'transaction invalide'],
    '14' => ['invalid card details or security code', 'coordonn&eacute;es bancaires ou cryptogramme invalides'],
    '17' => ['cancelled by the customer', 'annulation de l&#39;internaute'],
    '30' => ['format error', 'erreur de format'],
    '34' => ['suspected fraud', 'suspicion de fraude'],
    '75' => ['too many attempts at the card number', 'nombre de tentatives de saisie du num&eacute;ro de carte d&eacute;pass&eacute;'],
    '90' => ['service temporarily unavailable', 'service temporairement indisponible'],
];

// ISO 4217 numeric codes: [code, decimals].
const CURRENCIES = ['978' => ['EUR', 2], '840' => ['USD', 2], '826' => ['GBP', 2], '756' => ['CHF', 2],
    '124' => ['CAD', 2], '036' => ['AUD', 2], '392' => ['JPY', 0], '952' => ['XOF', 0], '953' => ['XPF', 0]];

/** 'fr' when the browser prefers French to English, else 'en'. */
function page_language(string $accept_language): string
{
    $best = ['en', 0.0];
    foreach (explode(',', $accept_language) as $range) {
        if (!preg_match('/^\s*([a-z]{2})(?:-[\w-]+)?\s*(?:;\s*q=([\d.]+))?/i', $range, $m)) {
            continue;
        }
        $q = isset($m[2]) ? (float) $m[2] : 1.0;
        $lang = strtolower($m[1]);
        if (isset(TEXTS[$lang]) && $q > $best[1]) {
            $best = [$lang, $q];
        }
    }

    return $best[0];
}

/** paid, cancelled or refused: what response_code says (the code 0 only says the seal is good). */
function outcome(string $response_code): string
{
    return match ($response_code) {
        '00' => 'paid',
        '17' => 'cancelled',
        default => 'refused',
    };
}

/** "25,00 EUR" (fr) or "25.00 EUR" (en) from cents and an ISO 4217 numeric code. */
function money(string $cents, string $currency, string $lang): string
{
    [$code, $decimals] = CURRENCIES[$currency] ?? ["($currency)", 2];
    $value = (int) $cents / 10 ** $decimals;

    return $lang === 'fr'
        ? number_format($value, $decimals, ',', ' ') . " $code"
        : number_format($value, $decimals, '.', ',') . " $code";
}

/** "CB 4970 ···· ···· ··06": the means and the card number as received, first and last digits. */
function masked_card(string $means, string $number): string
{
    if (!preg_match('/^(\d+)\.(\d+)$/', $number, $m)) {
        return trim("$means $number");
    }
    $digits = $m[1] . str_repeat("\xB7", max(0, 16 - strlen($m[1]) - strlen($m[2]))) . $m[2];

    return trim("$means " . implode(' ', str_split($digits, 4)));
}

/** The payment's date and time (payment_date, payment_time), else the transmission date. */
function payment_when(array $fields, string $lang): string
{
    $stamp = $fields['payment_date'] . $fields['payment_time'];
    if (!preg_match('/^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)$/', $stamp, $m)
        && !preg_match('/^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)$/', $fields['transmission_date'], $m)) {
        return '';
    }

    return ($lang === 'fr' ? "$m[3]/$m[2]/$m[1]" : "$m[1]-$m[2]-$m[3]") . " $m[4]:$m[5]:$m[6]";
}

/** The outcome banner and the main values of a response read (code 0). */
function result_summary(Sogen\ResponseResult $r, string $lang): string
{
    $t = TEXTS[$lang];
    $code = $r['response_code'];
    $meaning = RESPONSE_CODES[$code][$lang === 'fr' ? 1 : 0] ?? '';
    $rows = [
        'amount' => h(money($r['amount'], $r['currency_code'], $lang)),
        'transaction' => h($r['transaction_id']),
        'order' => h($r['order_id']),
        'card' => h(masked_card($r['payment_means'], $r['card_number'])),
        'date' => h(payment_when($r->fields, $lang)),
        'authorisation' => h($r['authorisation_id']),
    ];
    $html = sprintf('<div id="outcome" class="%1$s" data-outcome="%1$s" data-code="%2$s"><h2>%3$s</h2><p>%4$s %2$s%5$s</p></div>',
        outcome($code), h($code), $t[outcome($code)], $t['code'], $meaning === '' ? '' : $t['colon'] . $meaning);
    $html .= "\n<table id=\"summary\">\n";
    foreach (array_filter($rows, static fn (string $v): bool => $v !== '') as $name => $value) {
        $html .= "<tr data-field=\"$name\"><th>{$t[$name]}</th><td>$value</td></tr>\n";
    }

    return $html . "</table>\n";
}

/** Every value received (the empty ones left out), by its name in the data dictionary. */
function result_details(Sogen\ResponseResult $r, string $lang): string
{
    $html = '<details id="details"><summary>' . TEXTS[$lang]['details'] . "</summary>\n<table>\n";
    foreach (array_filter($r->fields, static fn (string $v): bool => $v !== '') as $name => $value) {
        $html .= '<tr><th>' . h($name) . '</th><td id="' . h($name) . '">' . h($value) . "</td></tr>\n";
    }

    return $html . "</table></details>\n";
}

/**
 * The page: the result, or why there is none ($problem: unknown_order,
 * no_response), or the API error (escaped: it may echo what was posted).
 */
function result_page(string $lang, ?Sogen\ResponseResult $r, ?string $problem, string $new_order_url): void
{
    $t = TEXTS[$lang];
    $style = (string) @file_get_contents(dirname(__DIR__) . '/result.css'); // shared with the Python shop
    if ($problem !== null) {
        $body = "<div id=\"shop-error\"><h2>{$t['error']}</h2><p>{$t[$problem]}</p></div>\n";
    } elseif (!$r->isOk()) {
        $body = "<div id=\"shop-error\"><h2>{$t['error']}</h2><pre>" . h($r->error) . "</pre></div>\n";
    } else {
        $body = result_summary($r, $lang) . result_details($r, $lang);
    }
    echo <<<HTML
        <!DOCTYPE html>
        <html lang="$lang">
        <head><title>Sogenactif - {$t['title']}</title>
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <style>
        $style</style></head>
        <body>
        <h1>{$t['title']}</h1>
        $body<p><a href="$new_order_url">{$t['new_order']}</a></p>
        </body>
        </html>

        HTML;
}
