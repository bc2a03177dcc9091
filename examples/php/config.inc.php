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
