using Fabriques.ServiceDefaults;
using Fabriques.Testing;

namespace Fabriques.Notification.Tests;

/// <summary>The notification service on its own database and virtual host.</summary>
public sealed class NotificationHost(Infrastructure infrastructure) : ServiceHost<Program>(infrastructure, ResourceNames.NotificationDb);
