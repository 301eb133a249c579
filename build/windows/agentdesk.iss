; Inno Setup 6 recipe for AgentDesk on Windows (x64), built on Windows after `make bundle`
; (installer.spec makes dist\agentdesk\agentdesk.exe, windowed, and agentdesk-cli.exe, console):
;
;   iscc /DAppVersion=0.1.0 build\windows\agentdesk.iss
;     -> dist\agentdesk-0.1.0-windows-x64-setup.exe
;
; Silent install by IT (per machine, needs admin):
;
;   agentdesk-0.1.0-windows-x64-setup.exe /VERYSILENT /SUPPRESSMSGBOXES /NORESTART ^
;       /BACKENDURL=https://agentdesk.bank.internal /CABUNDLE=C:\certs\bank-root.pem /LANGUAGE=zh_CN
;
; Given any of /BACKENDURL, /CABUNDLE or /LANGUAGE, setup writes the system-wide settings file
; %ProgramData%\agentdesk\agentdesk.toml (what AgentDesk reads as its system file on Windows);
; without them an existing file is left alone. Uninstall keeps that file (it is IT's).
; Check an installation with:  "C:\Program Files\AgentDesk\agentdesk-cli.exe" self-test

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{67119A27-4D51-460C-9EBC-EC896BF141DF}
AppName=AgentDesk
AppVersion={#AppVersion}
AppPublisher=AgentDesk team
DefaultDirName={autopf}\AgentDesk
DisableProgramGroupPage=yes
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
OutputBaseFilename=agentdesk-{#AppVersion}-windows-x64-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
UninstallDisplayIcon={app}\agentdesk.exe
CloseApplications=yes

[Languages]
; Chinese Simplified is not among Inno Setup's bundled translations; add its .isl here if wanted.
Name: "en"; MessagesFile: "compiler:Default.isl"

[Files]
Source: "..\..\dist\agentdesk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Dirs]
Name: "{commonappdata}\agentdesk"

[Icons]
Name: "{autoprograms}\AgentDesk"; Filename: "{app}\agentdesk.exe"; Parameters: "gui"

[Run]
Filename: "{app}\agentdesk.exe"; Parameters: "gui"; Description: "{cm:LaunchProgram,AgentDesk}"; Flags: nowait postinstall skipifsilent

[Code]
{ TOML literal strings ('...') take Windows paths as they are: no backslash escapes. }
function TomlLiteral(const Value: String): String;
begin
  if Pos('''', Value) > 0 then
    RaiseException('AgentDesk setting values cannot contain a single quote: ' + Value);
  Result := '''' + Value + '''';
end;

procedure WriteSystemConfig();
var
  BackendUrl, CaBundle, Language, Path: String;
  Lines: TArrayOfString;
  Count: Integer;
begin
  BackendUrl := ExpandConstant('{param:BACKENDURL|}');
  CaBundle := ExpandConstant('{param:CABUNDLE|}');
  Language := ExpandConstant('{param:LANGUAGE|}');
  if (BackendUrl = '') and (CaBundle = '') and (Language = '') then
    exit;
  SetArrayLength(Lines, 6);
  Lines[0] := '# AgentDesk system-wide settings, written by setup (edit or re-run setup to change).';
  Lines[1] := '# Precedence: defaults < this file < user file < AGENTDESK_* environment < command line.';
  Lines[2] := '[desktop]';
  Count := 3;
  if BackendUrl <> '' then begin
    Lines[Count] := 'backend_url = ' + TomlLiteral(BackendUrl);
    Count := Count + 1;
  end;
  if CaBundle <> '' then begin
    Lines[Count] := 'ca_bundle = ' + TomlLiteral(CaBundle);
    Count := Count + 1;
  end;
  if Language <> '' then begin
    Lines[Count] := 'language = ' + TomlLiteral(Language);
    Count := Count + 1;
  end;
  SetArrayLength(Lines, Count);
  Path := ExpandConstant('{commonappdata}\agentdesk\agentdesk.toml');
  { TOML must be UTF-8 without a BOM. }
  if not SaveStringsToUTF8FileWithoutBOM(Path, Lines, False) then
    RaiseException('cannot write ' + Path);
end;

procedure CurStepChanged(CurStep: TSetupStep);
begin
  if CurStep = ssPostInstall then
    WriteSystemConfig();
end;
