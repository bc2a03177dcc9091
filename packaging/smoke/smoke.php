<?php
// The installed PHP binding (include_path: /usr/share/php) and library.
require 'Sogen/autoload.php';

$pathfile = $argv[1];
$sogen = new Sogen\Sogen();
$r = $sogen->requestResult(['pathfile' => $pathfile, 'merchant_id' => '000000000000001', 'amount' => 2500, 'caddie' => "cr\xE8me"]);
function fail(string $what): never
{
    fwrite(STDERR, "$what\n");
    exit(1);
}

preg_match('/NAME=DATA VALUE="([0-9a-f]+)"/', $r->form, $m) || fail("request: {$r->output}");
$reply = $sogen->responseResult(['message' => $m[1], 'pathfile' => $pathfile]);
if (!$reply->isOk() || $reply['amount'] !== '2500' || $reply['caddie'] !== "cr\xE8me") {
    fail("response: {$reply->output}");
}
echo 'MODULE ', (new ReflectionClass(Sogen\Sogen::class))->getFileName(), "\n";
foreach (file('/proc/self/maps') as $line) {
    if (str_contains($line, 'libsogen')) {
        echo 'LIB ', substr($line, strpos($line, '/'));
        break;
    }
}
echo 'OK PHP ', $sogen->version(), "\n";
