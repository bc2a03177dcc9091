<?php

// call_autoresponse: the payment server posts the same DATA here itself, with
// no browser (AUTO_RESPONSE_URL): nothing to show, no redirection. As the
// vendor's sample did, every field is appended to a log file; a shop would
// update its order here. The answer is an empty HTTP 200.
require __DIR__ . '/config.inc.php';

$result = Sogen\Sogen::default()->responseResult([
    'message' => $_POST['DATA'] ?? '',
    'pathfile' => $pathfile,
]);

$log = date('Y-m-d H:i:s') . " automatic response\n";
if (!$result->isOk()) {
    $log .= "API call error.\nError message : {$result->error}\n";
} else {
    foreach ($result->fields as $name => $value) {
        $log .= "$name : $value\n";
    }
}
$log .= "-------------------------------------------\n";
// LOCK_EX: responses for several orders may arrive at once.
file_put_contents($logfile, $log, FILE_APPEND | LOCK_EX);
