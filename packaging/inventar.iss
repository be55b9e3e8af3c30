; Inno Setup script for the Windows installer. Build the bundle first: python packaging\build.py
#define AppVersion "0.1.0"

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
