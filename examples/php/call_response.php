<?php

// call_response: where the customer comes back from the payment server
// (normal_return_url / cancel_return_url), with the result in the POST.
require __DIR__ . '/config.inc.php';
require __DIR__ . '/result.inc.php';

// What call_request.php stored for the order this URL names: the response
// must be that order's (same merchant, transaction, amount, currency, and a
// recent date), else it is refused with the reason.
$order = stored_order($orders, $_GET['transaction_id'] ?? null);
[$result, $problem] = [null, $order === null ? 'unknown_order' : null];
try {
    // DATA (Sips 1.0) or Data, Seal, Encode (Sips 2.0), as posted.
    $result = $order === null ? null : Sogen\Sogen::default()->responseFromPost($_POST, $pathfile, $order);
} catch (ValueError | TypeError) { // no DATA nor Data and Seal, or a field that is not one string
    $problem = 'no_response';
}
// Code 0 means sealed with the merchant's key; the page tells paid from
// refused and cancelled by response_code.
result_page(page_language($_SERVER['HTTP_ACCEPT_LANGUAGE'] ?? ''), $result, $problem, 'call_request.php');
