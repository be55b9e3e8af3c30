; Inno Setup script for the Windows installer. Build the bundle first: python packaging\build.py
#define AppVersion "0.1.0"
; "Telefon som kamera": the registration form's web server for the phone listens on this TCP port
; (the setting phone_port, default 8765; tests/test_packaging.py checks that the two agree).
#define PhonePort "8765"
#define PhoneRule "Inventar - telefon som kamera"

[Setup]
AppId={{6F1C9E1A-3B8B-4C1E-9E2A-7D0B7B5A1C42}
AppName=Inventar
AppVersion={#AppVersion}
AppPublisher=Høje-Taastrup Kommune
DefaultDirName={localappdata}\Programs\Inventar
DefaultGroupName=Inventar
PrivilegesRequired=lowest
OutputDir=..\dist
OutputBaseFilename=Inventar-Setup-{#AppVersion}
SetupIconFile=inventar.ico
Compression=lzma2
SolidCompression=yes
WizardStyle=modern

[Languages]
Name: "danish"; MessagesFile: "compiler:Languages\Danish.isl"

[Files]
Source: "..\dist\inventar\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion

[Icons]
Name: "{group}\Inventar"; Filename: "{app}\inventar.exe"
Name: "{userdesktop}\Inventar"; Filename: "{app}\inventar.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "Opret genvej på skrivebordet"; Flags: unchecked
Name: "phonefirewall"; Description: "Tillad telefon som kamera: åbn TCP-port {#PhonePort} i Windows-firewallen for private netværk (kræver administrator)"

; The rule lets phones on a private network (the municipality's Wi-Fi, set to "Private") reach Inventar's
; photo page, only on this port and only for inventar.exe. netsh needs administrator rights, so these two
; entries ask for them (UAC) although the installer itself runs per user. An old rule of the same name is
; deleted first, so that reinstalling or moving the program leaves exactly one.
[Run]
Filename: "{sys}\netsh.exe"; Parameters: "advfirewall firewall delete rule name=""{#PhoneRule}"""; Flags: runhidden shellexec waituntilterminated; Verb: "runas"; Tasks: phonefirewall
Filename: "{sys}\netsh.exe"; Parameters: "advfirewall firewall add rule name=""{#PhoneRule}"" dir=in action=allow protocol=TCP localport={#PhonePort} profile=private program=""{app}\inventar.exe"" enable=yes"; Flags: runhidden shellexec waituntilterminated; Verb: "runas"; StatusMsg: "Åbner port {#PhonePort} i Windows-firewallen …"; Tasks: phonefirewall

[UninstallRun]
Filename: "{sys}\netsh.exe"; Parameters: "advfirewall firewall delete rule name=""{#PhoneRule}"""; Flags: runhidden shellexec waituntilterminated; Verb: "runas"; RunOnceId: "DeletePhoneFirewallRule"
