from talkstui.cli import main

main()
