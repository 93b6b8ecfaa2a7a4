from kompass.cli import main

main()
