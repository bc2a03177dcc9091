# The vendor's three sample scripts rewritten on the binding
# (examples/perl/cgi-bin), run as a web server runs CGI scripts: environment
# variables in, the request body on stdin, headers and page on stdout.
use strict;
use warnings;
use Test2::V0;
use CGI ();
use File::Temp qw(tempdir);
use FindBin;
use IPC::Open3 qw(open3);
use JSON::PP ();
use Symbol qw(gensym);
use lib "$FindBin::Bin/lib", "$FindBin::Bin/../lib";
use SogenTest qw(repo library golden_case slurp PATHFILE DEMO_MERCHANT);
use Sogen;

my $CGI_BIN = repo() . '/examples/perl/cgi-bin';
my $tmp = tempdir('sogen-pl-samples-XXXXXX', TMPDIR => 1, CLEANUP => 1);
my $autolog = "$tmp/autoresponse.log";

# Runs one script as CGI; returns (status, headers, body).
sub cgi {
    my ($script, %req) = @_;
    my $body = $req{body} // (defined $req{post} ? join('&', map { "$_=" . CGI::escape($req{post}{$_}) } sort keys %{ $req{post} }) : '');
    local %ENV = (
        %ENV,
        GATEWAY_INTERFACE => 'CGI/1.1', SERVER_PROTOCOL => 'HTTP/1.1',
        SERVER_NAME => '127.0.0.1', SERVER_PORT => '8002', HTTP_HOST => '127.0.0.1:8002',
        SCRIPT_NAME => "/cgi-bin/$script", QUERY_STRING => $req{query} // '',
        REQUEST_METHOD => defined $req{post} || defined $req{body} ? 'POST' : 'GET',
        CONTENT_TYPE => 'application/x-www-form-urlencoded', CONTENT_LENGTH => length $body,
        SOGEN_LIBRARY => library(), SOGEN_AUTORESPONSE_LOG => $autolog, SOGEN_PATHFILE => '',
    );
    my $pid = open3(my $in, my $out, my $err = gensym, $^X, "$CGI_BIN/$script");
    binmode $_ for $in, $out;
    print {$in} $body;
    close $in;
    my $output = do { local $/; <$out> } // '';
    my $stderr = do { local $/; <$err> } // '';
    waitpid $pid, 0;
    is($? >> 8, 0, "$script exits 0") or diag $stderr;
    my ($headers, $page) = split /\r?\n\r?\n/, $output, 2;
    my ($status) = ($headers // '') =~ /^Status: (\d+)/m;
    return ($status // 200, $headers, $page // '');
}

# An order as call_request.cgi stores it, for the golden response $name (its
# merchant, transaction, amount and currency), with %changes; its date is
# months old, so a max_age keeps it recent unless %changes drops it.
sub store_order_of {
    my ($name, %changes) = @_;
    my $f = golden_case($name)->{fields};
    my %order = ((map { $_ => $f->{$_} } qw(merchant_id transaction_id amount currency_code)), max_age => '1000000000', %changes);
    mkdir "$tmp/sogen-orders";
    open my $fh, '>', "$tmp/sogen-orders/$f->{transaction_id}.json" or die $!;
    print {$fh} JSON::PP->new->encode({ map { $_ => $order{$_} } grep { defined $order{$_} } keys %order });
    close $fh;
    return $f->{transaction_id};
}

# Posts the golden response $name to call_response.cgi for its stored order: the page.
sub return_with {
    my ($name, %changes) = @_;
    my $tid = store_order_of($name, %changes);
    my ($status, undef, $page) = cgi('call_response.cgi', query => "transaction_id=$tid", post => { DATA => golden_case($name)->{message} });
    is($status, 200, "status ($name)");
    return $page;
}

subtest 'call_request shows the payment means' => sub {
    my ($status, $headers, $page) = cgi('call_request.cgi');
    is($status, 200, 'status');
    like($headers, qr{^Content-Type: text/html; charset=ISO-8859-1}mi, 'latin-1 page');
    like($page, qr{<FORM METHOD=POST ACTION="http://127\.0\.0\.1:8090/cgis-payment/demo/callpayment"}, 'the form');
    like($page, qr{<INPUT TYPE=IMAGE NAME=CB }, 'CB');
    like($page, qr{<b>25,00 EUR</b>}, 'amount');
    (undef, undef, $page) = cgi('call_request.cgi', query => 'amount=1234');
    like($page, qr{<b>12,34 EUR</b>}, '?amount=');
    my ($data) = $page =~ /NAME=DATA VALUE="([0-9a-f]+)"/;
    ok($data, 'DATA');

    # What the page put in DATA, read back.
    chdir repo() or die;
    my $r = Sogen->new(library => library())->response_result(message => $data, pathfile => PATHFILE);
    # A request enciphers customer_id without the flag a server response
    # carries: `response` reports the legacy structure error on it
    # (behaviour.md §5.3) and, for that error only, still prints the fields.
    is($r->{error}, 'Error in the response structure (customer_id)', 'the legacy customer_id quirk');
    my $f = $r->{fields};
    is([@$f{qw(merchant_id amount caddie)}], [DEMO_MERCHANT, '1234', '1 x sample item'], 'values');
    like($f->{transaction_id}, qr/^\d{6}$/, 'a transaction id');
    is(JSON::PP->new->decode(slurp("$tmp/sogen-orders/$f->{transaction_id}.json")),
        { merchant_id => DEMO_MERCHANT, transaction_id => $f->{transaction_id}, amount => '1234', currency_code => '978' },
        'the order stored is what DATA carries');
};

subtest 'call_response shows the fields of the stored order' => sub {
    my $case = golden_case('accepted_all_fields');
    my $page = return_with('accepted_all_fields');
    like($page, qr{<h2 id="verdict">Payment accepted</h2>}, 'verdict');
    for my $name (@Sogen::RESPONSE_FIELDS) {
        my $cell = qq{<td id="$name">} . CGI::escapeHTML($case->{fields}{$name}) . '</td>';
        ok(index($page, $cell) >= 0, "$name shown");
    }
    ok(index($page, "cr\xE8me") >= 0, 'bytes as received');
    like(return_with('refused'), qr{<h2 id="verdict">Payment refused</h2>}, 'refused');
    like(return_with('cancelled'), qr{<h2 id="verdict">Payment cancelled</h2>}, 'cancelled');
};

subtest 'call_response refuses what the order did not send' => sub {
    like(return_with('accepted_all_fields', amount => '2501'),
        qr{<p id="shop-error">.*Error response does not match the request \(amount 2501 expected, 2500 received\)}s, 'another amount');
    like(return_with('accepted_all_fields', max_age => undef), qr{transmission_date 20260115103000 is not recent}, 'an old response');
    like(return_with('accepted_all_fields', amount => '<b>1</b>'), qr{amount &lt;b&gt;1&lt;/b&gt; expected}, 'escaped');
    my $tid = store_order_of('refused');
    my (undef, undef, $page) = cgi('call_response.cgi', query => "transaction_id=$tid",
        post => { DATA => substr(golden_case('refused')->{message}, 0, -1) . 'x' });
    like($page, qr{<p id="shop-error">.*Error in MAC key generation}s, 'API error');
    (undef, undef, $page) = cgi('call_response.cgi', query => 'transaction_id=999999', post => { DATA => 'x' });
    like($page, qr{<p id="shop-error">This page names no order of this shop\.</p>}, 'unknown order');
    (undef, undef, $page) = cgi('call_response.cgi', query => "transaction_id=$tid", post => { data => 'x' });
    like($page, qr{<p id="shop-error">No payment response in this request\.</p>}, 'no response in the post');
    (undef, undef, $page) = cgi('call_response.cgi', query => "transaction_id=$tid", body => 'DATA=x&DATA=y');
    like($page, qr{<p id="shop-error">No payment response in this request\.</p>}, 'two DATA fields: not one response');
};

subtest 'call_autoresponse logs every field and answers 200' => sub {
    my $case = golden_case('accepted_all_fields');
    my $tid = store_order_of('accepted_all_fields');
    for my $request (["transaction_id=$tid", $case->{message}], ["transaction_id=$tid", 'garbage'], ['transaction_id=1', 'x']) {
        my ($status, undef, $page) = cgi('call_autoresponse.cgi', query => $request->[0], post => { DATA => $request->[1] });
        is([$status, $page], [200, ''], "empty 200 ($request->[1])");
    }
    my $log = slurp($autolog);
    ok(index($log, "\n$_ : $case->{fields}{$_}\n") >= 0, "$_ logged") for @Sogen::RESPONSE_FIELDS;
    like($log, qr/^Error message : Error get DATA response parameter  \(wrong length\)$/m, 'error logged');
    like($log, qr/^Unknown order: transaction_id "1"$/m, 'unknown order logged');
    is(scalar(() = $log =~ /^-{43}$/mg), 3, 'three entries');
};

done_testing;
