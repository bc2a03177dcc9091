<?php

declare(strict_types=1);

// The binding's own autoloader (the tests run without Composer: no network
// is needed), and the helpers of the tests.
require dirname(__DIR__) . '/autoload.php';
require __DIR__ . '/Support.php';
require __DIR__ . '/RepositoryTestCase.php';
