<?php

// Settings of the three sample pages (the vendor's scripts had them at their
// top; edit them here). The environment overrides them, so that tests and
// `make demo` can choose their own files: SOGEN_PATHFILE, SOGEN_MERCHANT_ID,
// SOGEN_AUTORESPONSE_LOG, and SOGEN_LIBRARY for the library itself.
$root = dirname(__DIR__, 2);

// The pathfile: its path is given to the library as it is (no quoting, no shell).
$pathfile = getenv('SOGEN_PATHFILE') ?: "$root/demo/pathfile";
$merchant_id = getenv('SOGEN_MERCHANT_ID') ?: '000000000000001';
// The file call_autoresponse.php appends each automatic response to.
$logfile = getenv('SOGEN_AUTORESPONSE_LOG') ?: sys_get_temp_dir() . '/sogen-autoresponse.log';
// What call_request.php sent for each order, one small file a transaction
// beside the log: a shop keeps it with its orders.
$orders = dirname($logfile) . '/sogen-orders';

// demo/pathfile names its files relative to the repository root (an
// installation with absolute paths does not need this).
chdir($root);

// The binding: with Composer, vendor/autoload.php; here, the repository's copy.
require_once "$root/bindings/php/autoload.php";

// In a checkout, the release build is the library unless one is configured
// (SOGEN_LIBRARY, php.ini sogen.library, or a preloaded scope, which wins).
if (!getenv('SOGEN_LIBRARY') && !get_cfg_var('sogen.library') && is_file("$root/target/release/libsogen.so")) {
    putenv("SOGEN_LIBRARY=$root/target/release/libsogen.so");
}

// The plug-in's strings are bytes, latin-1 for the vendor's texts.
header('Content-Type: text/html; charset=ISO-8859-1');

function h(string $bytes): string
{
    return htmlspecialchars($bytes, ENT_QUOTES | ENT_SUBSTITUTE, 'ISO-8859-1');
}

/**
 * Records what the request sent (merchant_id, transaction_id, amount,
 * currency_code): the values the response must carry back.
 *
 * @param array<string, string> $order
 */
function store_order(string $orders, array $order): void
{
    if (!is_dir($orders)) {
        mkdir($orders, 0700, true);
    }
    file_put_contents("$orders/{$order['transaction_id']}.json", json_encode($order), LOCK_EX);
}

/**
 * What call_request.php stored for a transaction (the expectations of its
 * response), or null: unknown, or not a transaction id (6 digits at most).
 *
 * @return array<string, string|int>|null
 */
function stored_order(string $orders, mixed $transaction_id): ?array
{
    if (!is_string($transaction_id) || !preg_match('/^\d{1,6}$/', $transaction_id) || !is_file("$orders/$transaction_id.json")) {
        return null;
    }

    return json_decode(file_get_contents("$orders/$transaction_id.json"), true);
}

/** The URL of another sample page beside this one, on the host the browser used. */
function sibling_url(string $page, array $query = []): string
{
    $scheme = ($_SERVER['HTTPS'] ?? '') !== '' && $_SERVER['HTTPS'] !== 'off' ? 'https' : 'http';
    $dir = rtrim(dirname($_SERVER['SCRIPT_NAME'] ?? '/'), '/');

    return "$scheme://{$_SERVER['HTTP_HOST']}$dir/$page" . ($query ? '?' . http_build_query($query) : '');
}
